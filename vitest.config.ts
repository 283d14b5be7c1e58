import { defineConfig } from 'vitest/config';

// Four projects, one per kind of peer a test needs:
// unit — nothing outside the process; integration — SoftHSM and the embedded authority;
// pcsc — real middleware (OpenSC over pcscd) with the virtual PIV cards, including its journeys
// in Chromium; e2e — the real renderer in Debian's Chromium against the real main-process services.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/authority/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // pcscd + vpcd + OpenSC + the virtual PIV cards: one pcscd per machine and fixed reader
        // ports, so never two files at once (test/pcsc/pcsc-harness.ts also takes a machine lock)
        test: {
          name: 'pcsc',
          include: ['test/pcsc/**/*.test.ts'],
          environment: 'node',
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
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
