// "Logg inn → portal shows the patient": from pressing Logg inn until the browser shows the patient
// in Kjernejournal — HTTP requests (the app's and the browser's) and time, at an emulated network
// latency per request (default 25 ms). Ours hands the card session to the portal (one token request
// naming the patient, session/create, the hand-off page); the baseline lets the portal log the
// clinician in by itself (lib/portal-baseline.ts: a second authorization code flow riding HelseID's
// SSO cookie — its best case). A workstation set up for the portal only (no APIs), TestIdP (no card,
// no person), one app run per client (discovery and the DPoP nonce already known, as in a running
// app), alternating per round so drift hits both.
//
// `node bench/portal-launch.ts [--opens N] [--latency MS]`; `bench/run.ts` calls runPortalLaunchBenchmark().
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEnvironment } from '../authority/environment.ts';
import { createBrowserBinding } from '../src/main/auth/browser-binding.ts';
import { createHelseIdClient } from '../src/main/auth/helseid-client.ts';
import { configFromEnvironmentInfo, type HelseIdConfig } from '../src/main/config/index.ts';
import { importClientKey, readClientJwk } from '../src/main/keys/client-key.ts';
import { createKjernejournalPortal } from '../src/main/portals/kjernejournal-portal.ts';
import { jarBrowser } from './lib/jar-browser.ts';
import { countingFetch } from './lib/login-counting-fetch.ts';
import { portalServer } from './lib/portal-baseline.ts';
import { round, summarize } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

const TEST_PID = '13827099842'; // Kari Nordmann, authority/test-persons.ts
const PATIENT = '05076600343';
const WARMUP = 2;
const RESULTS_FILE = fileURLToPath(new URL('./results/portal-launch.json', import.meta.url));

export interface PortalLaunchSettings {
  readonly opens: number;
  readonly latencyMs: number;
}

interface Sample {
  readonly appRequests: number;
  readonly browserRequests: number;
  readonly ms: number;
}

type Counter = ReturnType<typeof countingFetch>;
type Browser = ReturnType<typeof jarBrowser>;

/** The page the browser ends on once it shows the patient (the last visit the app or portal opened). */
async function patientShown(browser: Browser): Promise<void> {
  const page = await browser.visits.at(-1)!.page;
  if (!page.body.includes('data-state="patient-open"')) throw new Error(`bench: the portal showed ${page.status}`);
}

/** Runs `open` from a quiet start and counts what it took: the app's requests, the browser's, the time. */
async function measured(counter: Counter, browser: Browser, open: () => Promise<void>): Promise<Sample> {
  await counter.idle();
  counter.take();
  browser.take();
  const start = performance.now();
  await open();
  await patientShown(browser);
  return { ms: performance.now() - start, appRequests: counter.take().length, browserRequests: browser.take() };
}

/** The app as it runs: one HelseID client and its Kjernejournal portal, in one browser. */
async function ourApp(config: HelseIdConfig, counter: Counter) {
  const browser = jarBrowser();
  const binding = createBrowserBinding({});
  const client = createHelseIdClient({
    config,
    fetch: counter.fetch,
    openExternal: browser.openExternal,
    browserBinding: binding,
  });
  const portal = createKjernejournalPortal({
    config,
    tokens: client.portals,
    hprAuthorizations: () => client.hprAuthorizations(),
    binding,
    openExternal: browser.openExternal,
  });
  await client.prepare();
  return {
    async open(): Promise<Sample> {
      const sample = await measured(counter, browser, async () => {
        await client.login({ testPid: TEST_PID });
        await portal.open({ patient: PATIENT, basis: 'SAMTYKKE', language: 'nb' });
      });
      await portal.close(); // after the measurement: end, logout, revocation
      await client.logout({ endSessionInBrowser: false });
      await counter.settled('revocation');
      return sample;
    },
    close: () => client.close(),
  };
}

/** The app logs in for itself (login only), and the portal logs the clinician in again. */
async function baselineApp(config: HelseIdConfig, counter: Counter) {
  const loginOnly: HelseIdConfig = { ...config, apis: [], portals: {} };
  const browser = jarBrowser();
  const client = createHelseIdClient({ config: loginOnly, fetch: counter.fetch, openExternal: browser.openExternal });
  await client.prepare();
  const server = await portalServer(
    config,
    await importClientKey(await readClientJwk(config.client.private_jwk_path!)),
    counter.fetch,
  );
  return {
    async open(): Promise<Sample> {
      let session: { end(): Promise<void> } | undefined;
      const sample = await measured(counter, browser, async () => {
        await client.login({ testPid: TEST_PID });
        session = await server.open(
          { patient: PATIENT, kind: 'fnr', authorization: 'LE', basis: 'SAMTYKKE' },
          browser.openExternal,
        );
      });
      await session!.end();
      await client.logout({ endSessionInBrowser: false });
      await counter.idle();
      return sample;
    },
    close: () => client.close(),
  };
}

const p50 = (values: readonly number[]) => summarize(values).p50;
const ms = (values: readonly number[]) => `${round(summarize(values).p50, 1)} / ${round(summarize(values).p95, 1)}`;

export async function runPortalLaunchBenchmark(
  settings: PortalLaunchSettings,
  log: (line: string) => void = console.log,
): Promise<boolean> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-bench-portal-'));
  const env = await startEnvironment({ stateDir });
  try {
    const config = configFromEnvironmentInfo(env.info, { apis: [] });
    const counter = countingFetch(config.authority.issuer);
    env.faults.set({ latencyMs: settings.latencyMs });
    const clients = { ours: await ourApp(config, counter), baseline: await baselineApp(config, counter) };
    const samples: Record<keyof typeof clients, Sample[]> = { ours: [], baseline: [] };
    log(`${WARMUP} warm-up + ${settings.opens} opens per client at ${settings.latencyMs} ms per request, alternating`);
    for (let r = 0; r < WARMUP + settings.opens; r++) {
      const order = (r % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours']) as (keyof typeof clients)[];
      for (const name of order) {
        const sample = await clients[name].open();
        if (r >= WARMUP) samples[name].push(sample);
      }
    }
    await Promise.all(Object.values(clients).map((c) => c.close()));
    const LABEL = {
      ours: 'ours: the card session handed to the portal',
      baseline: 'baseline: the portal logs in by itself (HelseID SSO, no second card)',
    };
    const header = [
      'client',
      'HTTP requests p50 (app + browser)',
      'app',
      'browser',
      'Logg inn → portal shows the patient p50 / p95 ms',
    ];
    const rows = (Object.keys(samples) as (keyof typeof samples)[]).map((name) => {
      const s = samples[name];
      return [
        LABEL[name],
        String(p50(s.map((x) => x.appRequests + x.browserRequests))),
        String(p50(s.map((x) => x.appRequests))),
        String(p50(s.map((x) => x.browserRequests))),
        ms(s.map((x) => x.ms)),
      ];
    });
    log('');
    log(
      `Logg inn → portal shows the patient, at ${settings.latencyMs} ms per request — median over ${settings.opens} opens`,
    );
    log(formatTable(header, rows));
    const ours = p50(samples.ours.map((s) => s.ms));
    const baseline = p50(samples.baseline.map((s) => s.ms));
    const fewer =
      p50(samples.ours.map((s) => s.appRequests + s.browserRequests)) <=
      p50(samples.baseline.map((s) => s.appRequests + s.browserRequests));
    log('');
    log(
      "HTTP requests: the app client's (and the baseline portal server's) and the browser's, from \"Logg inn\" until the patient page is shown.",
    );
    log(
      "The baseline rides HelseID's SSO cookie; a portal that asked for the card again would add the person's card and PIN time.",
    );
    log(
      `VERDICT ${ours <= baseline ? 'PASS' : 'FAIL'}: ours no slower than the baseline (p50 ${round(ours, 1)} vs ${round(baseline, 1)} ms)`,
    );
    log(`VERDICT ${fewer ? 'PASS' : 'FAIL'}: ours no more requests than the baseline (p50)`);
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, JSON.stringify({ settings, header, rows, samples }, null, 2));
    return ours <= baseline && fewer && Object.values(samples).every((s) => s.length === settings.opens);
  } finally {
    await env.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { opens: { type: 'string' }, latency: { type: 'string' } } });
  const opens = Number(values.opens ?? 20);
  const latencyMs = Number(values.latency ?? 25);
  if (!Number.isInteger(opens) || opens < 1 || !Number.isInteger(latencyMs) || latencyMs < 0) {
    console.error(
      'usage: node bench/portal-launch.ts [--opens N] [--latency MS]  (N ≥ 1, default 20; MS ≥ 0, default 25)',
    );
    process.exitCode = 2;
  } else {
    process.exitCode = (await runPortalLaunchBenchmark({ opens, latencyMs })) ? 0 : 1;
  }
}
