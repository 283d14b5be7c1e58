import { availableParallelism } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/longest-first.ts';

// Four projects, one per kind of peer a test needs:
// unit — nothing outside the process; integration — SoftHSM and the embedded authority;
// pcsc — real middleware (OpenSC over pcscd) with the virtual PIV cards, including its journeys
// in Chromium; e2e — the real renderer in Debian's Chromium against the real main-process services.
//
// Files of unit, integration and e2e run side by side: each file starts its own embedded environment
// (own ports, own state folder, own SoftHSM tokens, own Chromium profile) and nothing in them uses
// machine-wide state. Most of a file's time is spent waiting (on child processes, SoftHSM, the
// browser, timers), so there are more workers than cores. Vitest's default (cores − 1) gave ONE
// worker on a 2-core machine: every file in turn. HELSEID_TEST_WORKERS overrides the number.
const WORKERS = Number(process.env['HELSEID_TEST_WORKERS']) || Math.max(4, availableParallelism() * 2);

// Node's compile cache for every process of the run: vitest's workers, and the CLI and card-module
// processes the tests start, each load the same libraries (oidc-provider, openid-client, jose,
// playwright-core …) and compile them again without it. Inherited by the workers through the
// environment; kept in node_modules, so a fresh clone starts without one.
process.env['NODE_COMPILE_CACHE'] ??= path.join(import.meta.dirname, 'node_modules', '.cache', 'node-compile-cache');

// No machine-wide PC/SC daemon for the projects beside pcsc: pcscd and its virtual readers belong to
// the pcsc project (which may be running at the same time, see scripts/test.ts), and OpenSC in any
// other test must see no reader at all, whatever runs on the machine.
const NO_PCSCD = { PCSCLITE_CSOCK_NAME: '/nonexistent/helseid-tests-use-no-pcscd.comm' };

// How long expect.poll waits for a condition against real services: vitest's default of 1 s is
// shorter than a token fetch for five APIs took on a loaded machine (files side by side on two cores);
// the e2e harness gives Playwright's waits 10 s too. A passing test never waits longer for this.
const POLL = { poll: { timeout: 10_000 } };
// …and vi.waitFor the same (test/support/generous-waits.ts)
const GENEROUS_WAITS = ['./test/support/generous-waits.ts'];

// Integration and e2e files share their worker's loaded modules (vitest's isolate: false): each
// file imported oidc-provider, openid-client, playwright-core and the whole app again, which was a
// third of the CPU these projects used. Each file still starts, and closes, its own environment,
// browser and state; nothing in src/main, authority/ or the harnesses keeps state at module level
// (test/README.md says so for new code). The unit project keeps a fresh module graph per file: a
// few of its tests count objects in the whole process (linked-signal).
const SHARED_MODULES = { isolate: false };

// The embedded environment's state, made once per run for the projects that start environments
// (test/support/environment-template.ts); each file copies it (test/support/seeded-state.ts).
const ENVIRONMENT_TEMPLATE = ['./test/support/environment-template.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    maxWorkers: WORKERS,
    // the longest files start first, so that none of them is the run's tail
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', setupFiles: GENEROUS_WAITS },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/authority/**/*.test.ts'],
          environment: 'node',
          env: NO_PCSCD,
          globalSetup: ENVIRONMENT_TEMPLATE,
          expect: POLL,
          setupFiles: GENEROUS_WAITS,
          ...SHARED_MODULES,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // pcscd + vpcd + OpenSC + the virtual PIV cards: one pcscd per machine and fixed reader
        // ports, so never two files at once (test/pcsc/pcsc-harness.ts also takes a machine lock).
        // With file parallelism off vitest runs this project after the others; `npm test`
        // (scripts/test.ts) runs it in a vitest of its own beside them instead.
        test: {
          name: 'pcsc',
          include: ['test/pcsc/**/*.test.ts'],
          environment: 'node',
          globalSetup: ENVIRONMENT_TEMPLATE,
          testTimeout: 60_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          env: NO_PCSCD,
          globalSetup: ENVIRONMENT_TEMPLATE,
          expect: POLL,
          setupFiles: GENEROUS_WAITS,
          ...SHARED_MODULES,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
