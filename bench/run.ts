// Benchmark runner: `npm run bench` runs every benchmark, `node bench/run.ts <name>…` only those.
// Not part of `npm test` (vitest only collects test/**): benchmarks measure wall-clock time
// and CPU, which tests never assert on. Exit code 1 when a target fails, 2 on bad usage.
import { parseArgs } from 'node:util';
import { runCardRemovalBenchmark } from './card-removal.ts';
import { runDpopOverheadBenchmark } from './dpop-overhead.ts';
import { runLoginOverheadBenchmark } from './login-overhead.ts';
import { runPortalLaunchBenchmark } from './portal-launch.ts';
import { runSoakBenchmark } from './soak.ts';

interface Benchmark {
  readonly description: string;
  run(flags: Flags): Promise<boolean>;
}

interface Flags {
  readonly cycles: number;
  readonly openscCycles: number;
  readonly removals: number;
  readonly idleSeconds: number;
  readonly seed: number;
  readonly logins: number;
  readonly latency: number;
  readonly calls: number;
  readonly youngGenerationMb: number;
}

const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  'card-removal': {
    description: 'card removal latency (p95 ≤ 250 ms) and idle polling CPU (< 1 % of one core) vs a 1-s poll',
    run: (flags) => runCardRemovalBenchmark(flags),
  },
  'login-overhead': {
    description:
      'requests per login, callback → logged-in view and → tokens for five APIs at 0 and --latency ms, vs an NHN-sample-style client',
    run: (flags) => runLoginOverheadBenchmark({ logins: flags.logins, latencyMs: flags.latency }),
  },
  'portal-launch': {
    description:
      'Logg inn → Kjernejournal shows the patient at --latency ms: requests and time, vs the portal logging in by itself',
    run: (flags) => runPortalLaunchBenchmark({ opens: flags.logins, latencyMs: flags.latency }),
  },
  soak: {
    description:
      'N× card in → login → API calls → card out on SoftHSM: heap and RSS flat, no leaked handles, sockets or threads',
    run: (flags) => runSoakBenchmark({ cycles: flags.cycles, youngGenerationMb: flags.youngGenerationMb }),
  },
  'dpop-overhead': {
    description: 'per-call cost of DPoP against plain Bearer',
    run: (flags) => runDpopOverheadBenchmark({ calls: flags.calls }),
  },
};

function usage(): string {
  return [
    'usage: node bench/run.ts [benchmark…] [--removals N] [--idle-seconds S] [--seed N]',
    '  (no name = all benchmarks)',
    ...Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(14)} ${b.description}`),
    '  --removals N      removals per configuration (default 20)',
    '  --opensc-cycles N card-removal: insert/pull cycles at real-card speed on OpenSC, production row (default 40; the issue asks 200)',
    '  --idle-seconds S  idle window per configuration (default 20)',
    '  --seed N          seed for the random delay before each removal (default: random, printed)',
    '  --logins N        logins per client in login-overhead, opens per client in portal-launch (default 20)',
    '  --latency MS      emulated network latency per request in login-overhead and portal-launch (default 25)',
    '  --calls N         calls per route in dpop-overhead (default 500)',
    '  --cycles N        card-in → login → calls → card-out cycles in soak (default 200)',
    "  --young-generation-mb M  soak: semi-space size the measuring process is pinned to (default 8; 0 = V8's elastic sizing)",
  ].join('\n');
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

async function main(): Promise<number> {
  let parsed;
  let flags: Flags;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        removals: { type: 'string' },
        'idle-seconds': { type: 'string' },
        seed: { type: 'string' },
        logins: { type: 'string' },
        latency: { type: 'string' },
        cycles: { type: 'string' },
        'opensc-cycles': { type: 'string' },
        calls: { type: 'string' },
        'young-generation-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    flags = {
      removals: positiveInt('removals', parsed.values.removals, 20),
      idleSeconds: positiveInt('idle-seconds', parsed.values['idle-seconds'], 20),
      seed: positiveInt('seed', parsed.values.seed, Math.floor(Math.random() * 2 ** 31)),
      logins: positiveInt('logins', parsed.values.logins, 20),
      latency: positiveInt('latency', parsed.values.latency, 25),
      calls: positiveInt('calls', parsed.values.calls, 500),
      cycles: positiveInt('cycles', parsed.values.cycles, 200),
      openscCycles: positiveInt('opensc-cycles', parsed.values['opensc-cycles'], 40),
      youngGenerationMb: positiveInt('young-generation-mb', parsed.values['young-generation-mb'], 8),
    };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage()}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(usage());
    return 0;
  }
  const names = parsed.positionals.length > 0 ? parsed.positionals : Object.keys(BENCHMARKS);
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  let allPassed = true;
  for (const name of names) {
    console.log(`== ${name} ==`);
    if (!(await BENCHMARKS[name]!.run(flags))) allPassed = false;
  }
  return allPassed ? 0 : 1;
}

process.exitCode = await main();
