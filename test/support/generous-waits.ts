// vitest setupFile: vi.waitFor waits up to 10 s for its condition unless a test says otherwise, as
// expect.poll does (vitest.config.ts). Its 1 s default was shorter than a login with real RSA
// signatures took on a loaded machine with test files side by side (session-lock failed so).
// A passing test never waits longer; a test that gives its own timeout keeps it.
import { vi } from 'vitest';

const WAIT_MS = 10_000;
const patched = Symbol.for('helseid.generousWaits');
const target = vi as typeof vi & { [patched]?: true };

// with shared modules (isolate: false) this file runs again for every test file in the same worker
if (!target[patched]) {
  const waitFor = vi.waitFor.bind(vi);
  vi.waitFor = ((callback, options) =>
    waitFor(callback, typeof options === 'number' ? options : { timeout: WAIT_MS, ...options })) as typeof vi.waitFor;
  target[patched] = true;
}
