// Every request the app sends (authority, APIs, card back channel, revocation) goes through one
// wrapper: it has a timeout, and while a login runs it also carries that login's AbortSignal, so
// "Avbryt" stops a slow PAR or token request at once instead of after the authority answers.
// openid-client has a per-configuration timeout but no per-call signal; the signal therefore rides
// on the fetch it is given.
import { AppError } from '../../shared/errors/app-error.ts';
import { linkSignals } from './linked-signal.ts';

/** No single request may hang longer than this (openid-client's own default is 30 s). */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * `fetchImpl` with a per-request timeout and, when `extraSignal` returns one, that signal too (the
 * running login's). The caller's own signal, if any, is kept. The time-out also bounds reading the
 * body, so the link to the sources is kept until it fires (or the request fails) — see linked-signal.ts
 * for why this is not AbortSignal.any().
 */
export function boundedFetch(
  fetchImpl: typeof fetch,
  timeoutMs = REQUEST_TIMEOUT_MS,
  extraSignal: () => AbortSignal | undefined = () => undefined,
): typeof fetch {
  return (input, init) => {
    const linked = linkSignals([init?.signal ?? undefined, extraSignal()], timeoutMs);
    return fetchImpl(input, { ...init, signal: linked.signal }).catch((err: unknown) => {
      linked.release();
      throw err;
    });
  };
}

/** The signal's reason when it is an AppError (cancel, card removed) or a timeout, else login-cancelled. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof AppError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return reason;
  return new AppError('login-cancelled', { retriable: true });
}

/**
 * Waits for `work` but gives up as soon as `signal` aborts. For shared work that must go on for
 * others (the cached discovery, the client key): the work itself is not cancelled.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A pause that ends early (rejecting) when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return untilAborted(new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), signal);
}
