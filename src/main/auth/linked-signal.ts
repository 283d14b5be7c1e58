// One AbortSignal that aborts when any of its sources does, or after a time-out — used instead of
// AbortSignal.any() everywhere in src/main (an ESLint rule says so).
//
// Why not AbortSignal.any(): Node keeps a composite signal that contains a timeout signal FOREVER
// once that composite is itself passed to another AbortSignal.any(). The outer call puts it in
// Node's internal `gcPersistentSignals` set (it is marked as a timeout signal), only its own abort
// takes it out again, and a composite nobody listens to never learns that its timeout fired.
// Reproduced on Node 24.21 (the project's) and 20.20; the same family as nodejs/node#62363 and
// #64476, fixed there only for composites that are listened to. Our requests nest exactly like that
// (a per-request time-out in the authorize probe and the card back channel, then boundedFetch's own
// time-out and the login's signal around it), which left two signals and their closures behind per
// login: +237 in that set over 120 soak cycles (heap snapshots, bench/soak.ts).
//
// Here the result is a plain AbortController's signal: it holds one listener on each source and an
// unref'd timer, and lets go of both as soon as it aborts or `release()` is called. Composite signals
// never arise, so no Node version's bookkeeping for them matters.

export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** stops following the sources and the timer (the signal stays as it is); idempotent */
  release(): void;
}

/** Aborts with the first source's reason, or with a TimeoutError DOMException after `timeoutMs` (as AbortSignal.timeout). */
export function linkSignals(sources: readonly (AbortSignal | undefined)[], timeoutMs?: number): LinkedSignal {
  const controller = new AbortController();
  const live = sources.filter((s): s is AbortSignal => s !== undefined);
  const alreadyAborted = live.find((s) => s.aborted);
  if (alreadyAborted) {
    controller.abort(alreadyAborted.reason);
    return { signal: controller.signal, release: () => {} };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(timer);
    for (const source of live) source.removeEventListener('abort', onAbort);
  };
  const abort = (reason: unknown) => {
    release();
    controller.abort(reason);
  };
  const onAbort = () => abort(live.find((s) => s.aborted)?.reason);
  for (const source of live) source.addEventListener('abort', onAbort);
  if (timeoutMs !== undefined) {
    timer = setTimeout(
      () => abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      timeoutMs,
    );
    timer.unref();
  }
  return { signal: controller.signal, release };
}
