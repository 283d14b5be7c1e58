// Soak benchmark: a workstation app runs for days. N cycles (default 200) of card in → login with
// the card (PIN, back channel, browser) → a call to every API → card out, against the embedded
// environment and the real card service on SoftHSM, through the same services the app builds
// (createAppServices: card service with its PKCS#11 module in a child process, controller, HelseID
// client). The harness's "system browser" follows the login and, at card-out, the end-session page
// (its form, HelseID's self-submitting logout page, back to our logged-out page), as a browser would.
//
// The embedded environment runs in a CHILD process (`node authority/cli.ts`), so the heap and RSS
// measured here are the app's main-process services (plus this small harness), not the emulator's.
// After every 50 cycles: a full GC, then heap used, the young generation's size and RSS. At the start (after a settle period)
// and at the end (same settle): active handles by type (sockets, timers, servers…), open file
// descriptors (each one named, so a difference says what it is) and OS threads; the card module's
// child process shows as a ProcessWrap handle. Flat memory and equal handle counts are the targets;
// the start is taken after one warm-up cycle (see runSoakBenchmark).
//
// The young generation is PINNED (default 8 MB per semi-space): V8 sizes it elastically, growing it
// under allocation bursts up to a cap derived from the heap limit (64 MB semi-spaces, 128 MB of new
// space, on a 24 GiB machine) and shrinking it when idle, and the pages it grew into stay in RSS for
// a while after a shrink. Unpinned, RSS after N cycles mostly says how large the young generation
// happened to be: 136 → 191 → 249 → 250 MB at 50/100/150/180 cycles with heap used flat at ~29 MB
// (new space 16 → 64 → 128 → 128 MB) — bounded, not per-cycle growth. Pinned, RSS moves only with
// what really accumulates (old space, code, native memory), which is what the RSS verdict judges.
// V8's flags for heap sizes are read when the isolate is made, so the measuring runs in a child
// process started with them; `--young-generation-mb 0` runs with V8's own sizing to show the above.
//
// `node bench/soak.ts [--cycles N] [--young-generation-mb N]`; `bench/run.ts soak` calls runSoakBenchmark().
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { removeCardToken, reprovisionCard, type ProvisionedCards } from '../authority/cards/provision.ts';
import { timedRemoveCard } from './lib/timed-removal.ts';
import type { EnvironmentInfo } from '../authority/environment.ts';
import { appEnvFor } from '../scripts/embedded.ts';
import { createAppServices } from '../src/main/services/create-app-services.ts';
import type { AppServices } from '../src/main/services/app-services.ts';
import type { AppView } from '../src/shared/ipc/view-schemas.ts';
import { CookieBrowser } from '../test/authority/support/browser.ts';
import { round, summarize } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./results/soak.json', import.meta.url));
const CARD = { label: 'Buypass Kari Nordmann', holder: 'Kari Nordmann', pin: '1234' } as const;
const CHECKPOINT_EVERY = 50;
/** cycles run before the start figures are taken (see runSoakBenchmark) */
const WARM_UP_CYCLES = 1;
/** longer than undici's 4 s keep-alive, so idle pooled sockets are closed before handles are counted */
const SETTLE_MS = 6_000;
/** heap growth from the first checkpoint to the last that still counts as flat (GC noise) */
const HEAP_NOISE_BYTES = 4 * 1024 * 1024;

export interface SoakSettings {
  readonly cycles: number;
  /** semi-space size the measuring process is pinned to, MB; 0 = V8's elastic default */
  readonly youngGenerationMb?: number;
}

const DEFAULT_YOUNG_GENERATION_MB = 8;
/** set in the measuring child process's environment */
const CHILD_MARKER = 'HELSEID_SOAK_MEASURING_CHILD';
/** RSS growth from the first checkpoint to the last that still counts as flat (code space, allocator noise) */
const RSS_NOISE_BYTES = 8 * 1024 * 1024;

interface Checkpoint {
  readonly cycle: number;
  readonly heapUsed: number;
  readonly youngGeneration: number;
  readonly code: number;
  readonly rss: number;
  readonly external: number;
}
interface Resources {
  readonly byType: Record<string, number>;
  readonly fds: number;
  readonly fdTargets: Record<string, string>;
  readonly threads: number;
}

/** A full GC without --expose-gc on the command line (npm run bench starts plain node). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** memory after a full GC: process.memoryUsage() plus the young generation's and code space's committed sizes */
function memory(cycle: number): Checkpoint {
  const m = process.memoryUsage();
  const space = (name: string) => getHeapSpaceStatistics().find((s) => s.space_name === name)?.space_size ?? 0;
  return {
    cycle,
    heapUsed: m.heapUsed,
    youngGeneration: space('new_space') + space('new_large_object_space'),
    code: space('code_space') + space('code_large_object_space'),
    rss: m.rss,
    external: m.external,
  };
}

async function resources(): Promise<Resources> {
  const byType: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) byType[type] = (byType[type] ?? 0) + 1;
  const status = await readFile('/proc/self/status', 'utf8');
  // what each descriptor is (socket:[inode], anon_inode:[eventpoll], pipe:[…], a path), so an extra one can be named
  const fdTargets: Record<string, string> = {};
  for (const fd of await readdir('/proc/self/fd'))
    fdTargets[fd] = await readlink(`/proc/self/fd/${fd}`).catch(() => '(closed meanwhile)');
  return {
    byType,
    fds: Object.keys(fdTargets).length,
    fdTargets,
    threads: Number(/Threads:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN),
  };
}

/** `npm run env` in a child process; resolves with the JSON line it prints when ready. */
async function startEnvironmentProcess(stateDir: string): Promise<{ info: EnvironmentInfo; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'authority', 'cli.ts'), '--state', stateDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (first) => {
      lines.close();
      resolve(first);
    });
    child.once('exit', (code) => reject(new Error(`the embedded environment exited (${code}) before it was ready`)));
  });
  return { info: JSON.parse(line) as EnvironmentInfo, child };
}

/** The system browser for the emulated Buypass page: cookies, redirects, reloads while it waits for the card. */
function cardLoginBrowser() {
  return async (url: string) => {
    const browser = new CookieBrowser();
    void (async () => {
      let stop = await browser.visit(url, 'never-stop-early:');
      for (let i = 0; i < 200 && !stop.body.includes('HelseID Desktop'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        stop = await browser.visit(stop.url, 'never-stop-early:');
      }
    })().catch(() => {});
  };
}

function waitForView(
  services: AppServices,
  predicate: (view: AppView) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<AppView> {
  const controller = services.controller;
  return new Promise((resolve, reject) => {
    if (predicate(controller.view())) return resolve(controller.view());
    const timer = setTimeout(() => (off(), reject(new Error(`soak: timed out waiting for ${what}`))), timeoutMs);
    const off = controller.onView((view) => {
      if (!predicate(view)) return;
      clearTimeout(timer);
      off();
      resolve(view);
    });
  });
}

const kariCard = (view: AppView) => view.cards.find((c) => c.holderName === CARD.holder && c.state === 'ok');

/**
 * Puts the card in: re-issues it in a staging copy of the SoftHSM state and moves the finished token
 * directory into the live one (a rename: atomic). Written in place, the card service's periodic
 * re-initialisation can read the token half-made (no certificate yet) and show it as unusable — a
 * real card is never half there.
 */
async function insertCard(provisioned: ProvisionedCards): Promise<void> {
  const staging = await mkdtemp(path.join(tmpdir(), 'helseid-bench-soak-card-'));
  try {
    await cp(provisioned.stateDir, staging, { recursive: true });
    const stagedTokens = path.join(staging, 'softhsm', 'tokens');
    const before = new Set(await readdir(stagedTokens));
    await reprovisionCard({ ...provisioned, stateDir: staging }, CARD.label);
    const made = (await readdir(stagedTokens)).filter((name) => !before.has(name));
    if (made.length !== 1) throw new Error(`soak: re-issuing the card made ${made.length} token directories`);
    await rename(path.join(stagedTokens, made[0]!), path.join(provisioned.stateDir, 'softhsm', 'tokens', made[0]!));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** One cycle; returns card in (token in place) → card shown, in ms. */
async function cycle(services: AppServices, provisioned: ProvisionedCards): Promise<number> {
  await insertCard(provisioned);
  const inserted = performance.now();
  const shown = await waitForView(services, (v) => kariCard(v) !== undefined, 'the card');
  const cardInMs = performance.now() - inserted;
  await services.controller.login(kariCard(shown)!.id);
  const asking = await waitForView(services, (v) => v.login?.pinRequest !== undefined, 'the PIN dialog');
  services.controller.submitPin(asking.login!.pinRequest!.requestId, CARD.pin);
  await waitForView(
    services,
    (v) => v.phase === 'logged-in' && v.apis.length > 0 && v.apis.every((a) => a.state === 'valid'),
    'logged in with every token',
  );
  for (const api of services.controller.view().apis) {
    const called = await services.controller.callApi(api.name);
    if (called.lastCall?.status !== 200) throw new Error(`soak: ${api.name} answered ${called.lastCall?.status}`);
  }
  await timedRemoveCard(provisioned, CARD.label); // handles SoftHSM's delete race (lib/timed-removal.ts)
  await waitForView(
    services,
    (v) => v.phase !== 'logged-in' && kariCard(v) === undefined,
    'the card gone and the session ended',
  );
  return cardInMs;
}

/** The descriptors open at the end and not at the start, and the other way round, by what they point to. */
function fdChanges(start: Resources, end: Resources): string[] {
  const kind = (target: string) => target.replace(/\[\d+\]$/, '[…]').replace(/:\d+$/, '');
  const lines: string[] = [];
  for (const [fd, target] of Object.entries(end.fdTargets))
    if (start.fdTargets[fd] !== target) lines.push(`  fd ${fd} opened: ${kind(target)} (${target})`);
  for (const [fd, target] of Object.entries(start.fdTargets))
    if (end.fdTargets[fd] !== target) lines.push(`  fd ${fd} closed: ${kind(target)} (${target})`);
  return lines.length > 0 ? ['file descriptors that differ, start vs end:', ...lines] : [];
}

const MB = (bytes: number) => String(round(bytes / 1024 / 1024, 1));

/**
 * Runs the soak in a child process whose young generation is pinned to settings.youngGenerationMb
 * (see the top of this file); its output lines go to `log`. Resolves true when every verdict passed.
 */
export async function runSoakBenchmark(
  settings: SoakSettings,
  log: (line: string) => void = console.log,
): Promise<boolean> {
  const mb = settings.youngGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB;
  const v8Flags = mb > 0 ? [`--min-semi-space-size=${mb}`, `--max-semi-space-size=${mb}`] : [];
  const child = spawn(
    process.execPath,
    [
      ...v8Flags,
      fileURLToPath(import.meta.url),
      '--cycles',
      String(settings.cycles),
      '--young-generation-mb',
      String(mb),
    ],
    {
      env: { ...process.env, [CHILD_MARKER]: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', log);
  const code = await new Promise<number | null>((resolve, reject) => child.once('exit', resolve).once('error', reject));
  return code === 0;
}

/** The soak itself, in this process (the measuring child). */
async function measureSoak(settings: SoakSettings, log: (line: string) => void): Promise<boolean> {
  const gc = collector();
  const mb = settings.youngGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB;
  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-bench-soak-'));
  const { info, child } = await startEnvironmentProcess(stateDir);
  const provisioned: ProvisionedCards = {
    pkcs11Module: info.pkcs11_module,
    softhsm2Conf: info.softhsm2_conf,
    stateDir: path.join(stateDir, 'cards'),
    cas: [],
    cards: [],
  };
  let services: AppServices | undefined;
  try {
    services = await createAppServices({
      openExternal: cardLoginBrowser(),
      // no machine-wide configuration file: the embedded environment, as `npm run preview` uses it
      env: { ...process.env, HELSEID_DESKTOP_CONFIG: path.join(stateDir, 'no-config.json'), ...appEnvFor(info) },
    });
    await waitForView(services, (v) => kariCard(v) !== undefined, 'the first card');
    await removeCardToken(provisioned, CARD.label); // each cycle starts with the card going in
    await waitForView(services, (v) => kariCard(v) === undefined, 'the card gone');
    // One cycle before the start is measured: what opens once, on first use, and stays (libuv's one
    // inotify descriptor, opened by the harness's own fs.watch in timedRemoveCard and kept for the
    // process's life even after the watcher closes; modules loaded on the first login) is then in the
    // start figures, and only what grows with the cycles shows as a difference.
    log(`warm-up: ${WARM_UP_CYCLES} cycle, not counted`);
    for (let i = 0; i < WARM_UP_CYCLES; i++) await cycle(services, provisioned);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    gc();
    const start = await resources();
    const startMemory = memory(0);
    log(
      `young generation: ${mb > 0 ? `pinned, ${mb} MB per semi-space (node --min-semi-space-size=${mb} --max-semi-space-size=${mb})` : "V8's elastic default (it grows under allocation bursts and RSS follows it)"}`,
    );
    log(
      `${settings.cycles} cycles of card in → login (PIN) → ${services.config.apis.filter((a) => !a.machine).length} API calls → card out; environment in a child process`,
    );

    const checkpoints: Checkpoint[] = [];
    const cardIn: number[] = [];
    const began = performance.now();
    for (let i = 1; i <= settings.cycles; i++) {
      cardIn.push(await cycle(services, provisioned));
      if (i % CHECKPOINT_EVERY === 0 || i === settings.cycles) {
        gc();
        const m = memory(i);
        checkpoints.push(m);
        log(
          `  after ${i} cycles (${round((performance.now() - began) / 1000, 0)} s): heap ${MB(m.heapUsed)} MB, young generation ${MB(m.youngGeneration)} MB, RSS ${MB(m.rss)} MB`,
        );
      }
    }
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    gc();
    const end = await resources();

    log('');
    log('Soak — memory after a full GC (MB)');
    const row = (label: string, c: Checkpoint) => [
      label,
      MB(c.heapUsed),
      MB(c.youngGeneration),
      MB(c.code),
      MB(c.rss),
      MB(c.external),
    ];
    log(
      formatTable(
        ['after cycles', 'heap used', 'young generation', 'code space', 'RSS', 'external'],
        [
          row(`0 (start, after ${WARM_UP_CYCLES} warm-up cycle)`, startMemory),
          ...checkpoints.map((c) => row(String(c.cycle), c)),
        ],
      ),
    );
    const types = [...new Set([...Object.keys(start.byType), ...Object.keys(end.byType)])].sort();
    log('');
    log(
      `Soak — open resources, start (after ${WARM_UP_CYCLES} warm-up cycle) vs end, each after ${SETTLE_MS / 1000} s idle`,
    );
    log(
      formatTable(
        ['resource', 'start', 'end'],
        [
          ...types.map((t) => [`handles: ${t}`, String(start.byType[t] ?? 0), String(end.byType[t] ?? 0)]),
          ['file descriptors', String(start.fds), String(end.fds)],
          ['OS threads of this process', String(start.threads), String(end.threads)],
        ],
      ),
    );
    for (const line of fdChanges(start, end)) log(line);
    const cardInSummary = summarize(cardIn);
    log(
      `card in → card shown: p50 ${round(cardInSummary.p50, 0)} ms, p95 ${round(cardInSummary.p95, 0)} ms (SoftHSM shows new tokens only after the service's 1 s re-initialisation)`,
    );

    const growth = checkpoints.length > 1 ? checkpoints.at(-1)!.heapUsed - checkpoints[0]!.heapUsed : 0;
    const rssGrowth = checkpoints.length > 1 ? checkpoints.at(-1)!.rss - checkpoints[0]!.rss : 0;
    const sockets = (r: Resources) => (r.byType['TCPSocketWrap'] ?? 0) + (r.byType['TCPServerWrap'] ?? 0);
    const checks: [string, boolean][] = [
      [
        `heap flat: ${MB(growth)} MB from cycle ${checkpoints[0]?.cycle} to ${checkpoints.at(-1)?.cycle} (noise allowance ${MB(HEAP_NOISE_BYTES)} MB)`,
        growth <= HEAP_NOISE_BYTES,
      ],
      [
        `RSS flat: ${MB(rssGrowth)} MB from cycle ${checkpoints[0]?.cycle} to ${checkpoints.at(-1)?.cycle} (noise allowance ${MB(RSS_NOISE_BYTES)} MB; young generation ${mb > 0 ? `pinned at ${mb} MB per semi-space` : 'elastic'})`,
        rssGrowth <= RSS_NOISE_BYTES,
      ],
      [
        `no leaked handles: ${process.getActiveResourcesInfo.name} ${Object.values(start.byType).reduce((a, b) => a + b, 0)} → ${Object.values(end.byType).reduce((a, b) => a + b, 0)}`,
        types.every((t) => (end.byType[t] ?? 0) <= (start.byType[t] ?? 0)),
      ],
      [`no leaked sockets: ${sockets(start)} → ${sockets(end)}`, sockets(end) <= sockets(start)],
      [
        `no leaked threads: ${start.threads} → ${end.threads}; file descriptors ${start.fds} → ${end.fds}`,
        end.threads <= start.threads && end.fds <= start.fds,
      ],
    ];
    for (const [what, ok] of checks) log(`VERDICT ${ok ? 'PASS' : 'FAIL'}: ${what}`);
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(
      RESULTS_FILE,
      JSON.stringify(
        {
          settings: { ...settings, youngGenerationMb: mb },
          startMemory,
          checkpoints,
          start,
          end,
          cardInMs: cardInSummary,
        },
        null,
        2,
      ),
    );
    return checks.every(([, ok]) => ok);
  } finally {
    await services?.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r).once('error', r));
    await rm(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { cycles: { type: 'string' }, 'young-generation-mb': { type: 'string' } } });
  const cycles = Number(values.cycles ?? 200);
  const youngGenerationMb = Number(values['young-generation-mb'] ?? DEFAULT_YOUNG_GENERATION_MB);
  if (!Number.isInteger(cycles) || cycles < 1 || !Number.isInteger(youngGenerationMb) || youngGenerationMb < 0) {
    console.error(
      `usage: node bench/soak.ts [--cycles N] [--young-generation-mb M]  (N ≥ 1, default 200; M ≥ 0, default ${DEFAULT_YOUNG_GENERATION_MB}, 0 = V8's elastic sizing)`,
    );
    process.exitCode = 2;
  } else if (process.env[CHILD_MARKER] === '1') {
    process.exitCode = (await measureSoak({ cycles, youngGenerationMb }, console.log)) ? 0 : 1;
  } else {
    process.exitCode = (await runSoakBenchmark({ cycles, youngGenerationMb })) ? 0 : 1;
  }
}
