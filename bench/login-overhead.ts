// Login overhead benchmark: time from the loopback callback to a token for every API, and HTTP
// requests per login — our HelseID client against a baseline written the way NHN's samples do it
// (lib/login-baseline.ts: a fresh DPoP handle per request, so a use_dpop_nonce retry on EVERY token
// request). One run, in-process embedded environment, TestIdP (no card, no person), alternating
// ours/baseline per round so drift hits both. Five APIs: the environment's four user APIs (code
// redemption + three refreshes) and its machine API (client credentials).
// `node bench/login-overhead.ts [--logins N]`; `bench/run.ts` calls runLoginOverheadBenchmark().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEnvironment } from '../authority/environment.ts';
import { createHelseIdClient } from '../src/main/auth/helseid-client.ts';
import { importClientKey, readClientJwk } from '../src/main/auth/client-key.ts';
import { configFromEnvironmentInfo, type HelseIdConfig } from '../src/main/config/index.ts';
import { baselineLogin } from './lib/login-baseline.ts';
import { countingFetch, timingBrowser, type CountedRequest } from './lib/login-counting-fetch.ts';
import { round, summarize } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

const TEST_PID = '13827099842';
const WARMUP = 2;

export interface LoginOverheadSettings { readonly logins: number }

interface Sample { readonly callbackToTokensMs: number; readonly requests: readonly CountedRequest[] }

type Runner = (config: HelseIdConfig, counter: ReturnType<typeof countingFetch>) => Promise<Sample>;

const ours: Runner = async (config, counter) => {
  const browser = timingBrowser();
  const client = createHelseIdClient({ config, fetch: counter.fetch, openExternal: browser.openExternal });
  await client.login({ testPid: TEST_PID });
  for (const api of config.apis.filter((a) => a.machine)) await client.machineToken(api.name);
  const end = performance.now();
  const requests = counter.take();
  await client.logout({ endSessionInBrowser: false }); // revocation: after the measurement
  counter.take();
  return { callbackToTokensMs: end - browser.callbackAt(), requests };
};

const baseline: Runner = async (config, counter) => {
  const browser = timingBrowser();
  const clientKey = await importClientKey(await readClientJwk(config.client.private_jwk_path));
  const login = await baselineLogin({ config, clientKey, fetch: counter.fetch, openExternal: browser.openExternal, testPid: TEST_PID });
  const end = performance.now();
  const requests = counter.take();
  await login.done();
  counter.take();
  return { callbackToTokensMs: end - browser.callbackAt(), requests };
};

function describe(name: string, samples: readonly Sample[]): string[] {
  const time = summarize(samples.map((s) => s.callbackToTokensMs));
  const count = (pick: (r: CountedRequest) => boolean) => summarize(samples.map((s) => s.requests.filter(pick).length)).p50;
  return [
    name, String(count((r) => r.kind === 'token' && r.status === 200)), `${round(time.p50, 1)} / ${round(time.p95, 1)}`,
    String(count(() => true)), String(count((r) => r.kind === 'token')), String(count((r) => r.nonceChallenge)),
    String(count((r) => r.kind === 'discovery')), String(count((r) => r.kind === 'par')),
  ];
}

export async function runLoginOverheadBenchmark(settings: LoginOverheadSettings, log: (line: string) => void = console.log): Promise<boolean> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-bench-login-'));
  const env = await startEnvironment({ stateDir });
  try {
    const config = configFromEnvironmentInfo(env.info);
    const counter = countingFetch(config.authority.issuer);
    const results = { ours: [] as Sample[], baseline: [] as Sample[] };
    log(`${config.apis.length} APIs (${config.apis.filter((a) => a.machine).length} machine), ${WARMUP} warm-up + ${settings.logins} logins each, alternating`);
    for (let round_ = 0; round_ < WARMUP + settings.logins; round_++) {
      // alternate which goes first, so neither always runs on a warmer process
      const order: ['ours' | 'baseline', Runner][] = round_ % 2 === 0 ? [['ours', ours], ['baseline', baseline]] : [['baseline', baseline], ['ours', ours]];
      for (const [name, run] of order) {
        const sample = await run(config, counter);
        if (round_ >= WARMUP) results[name].push(sample);
      }
    }
    log('');
    log(`Login overhead — median over ${settings.logins} TestIdP logins each, embedded authority on 127.0.0.1 (DPoP nonces required)`);
    log(formatTable(
      ['client', 'tokens', 'callback→all tokens p50 / p95 ms', 'HTTP requests', 'token endpoint', 'use_dpop_nonce', 'discovery', 'PAR'],
      [describe('ours (nonce cached per session)', results.ours), describe('baseline (fresh DPoP handle per request)', results.baseline)],
    ));
    log('HTTP requests = the client\'s requests from login start to the last token (browser and API calls not counted), median per login.');
    const saved = summarize(results.baseline.map((s) => s.callbackToTokensMs)).p50 - summarize(results.ours.map((s) => s.callbackToTokensMs)).p50;
    log(`ours saves ${round(saved, 1)} ms per login from callback to tokens (median difference); no target is set for this benchmark.`);
    return results.ours.length === settings.logins && results.baseline.length === settings.logins;
  } finally {
    await env.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { logins: { type: 'string' } } });
  const logins = Number(values.logins ?? 20);
  if (!Number.isInteger(logins) || logins < 1) {
    console.error('usage: node bench/login-overhead.ts [--logins N]  (N ≥ 1, default 20)');
    process.exitCode = 2;
  } else {
    process.exitCode = (await runLoginOverheadBenchmark({ logins })) ? 0 : 1;
  }
}
