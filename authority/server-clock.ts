// The emulated servers' clock (the `clockOffsetSeconds` fault). It must move oidc-provider's own
// notion of time, or a client that corrects for the skew is refused: oidc-provider 9.13.3 has no
// clock option (only `clockTolerance`) and reads time through `lib/helpers/epoch_time.js`, whose
// default argument is `Date.now()`, and its memory adapter's `Date.now()`. Replacing that internal
// module would need a loader hook; instead Date.now is offset only inside the emulator's request
// handlers, scoped with AsyncLocalStorage as oidc-provider scopes its own Provider.ctx. The test
// process (the client's "PC") keeps the real clock. Pinned to oidc-provider reading Date.now at call
// time (test/authority/faults.test.ts checks token iat). `new Date()` is NOT moved: code that
// passes no time to jose must pass `serverDate()`.
import { AsyncLocalStorage } from 'node:async_hooks';

interface ClockState {
  offsetMs: AsyncLocalStorage<() => number>;
  realNow: () => number;
}

// One state per process, even if this module is loaded twice (test runners may re-import it).
const KEY = Symbol.for('helseid-desktop.emulator.server-clock');
const state: ClockState =
  ((globalThis as Record<symbol, unknown>)[KEY] as ClockState | undefined) ??
  (() => {
    const created: ClockState = { offsetMs: new AsyncLocalStorage(), realNow: Date.now.bind(Date) };
    (globalThis as Record<symbol, unknown>)[KEY] = created;
    Date.now = () => created.realNow() + (created.offsetMs.getStore()?.() ?? 0);
    return created;
  })();

/** The real time of this machine, whatever server clock the caller runs on. */
export function realNow(): number {
  return state.realNow();
}

/** The clock of the server the caller runs on (Date.now, offset inside onServerClock). */
export function serverDate(): Date {
  return new Date(Date.now());
}

/** Runs `fn` (and everything it awaits) with Date.now moved by `offsetMs()`, read at each call. */
export function onServerClock<T>(offsetMs: () => number, fn: () => T): T {
  return state.offsetMs.run(offsetMs, fn);
}
