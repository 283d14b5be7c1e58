// One request to the authority (PAR, token endpoint), tried again where that is safe — and never more
// than once per reason, so nothing loops:
// - use_dpop_nonce after openid-client's own retry (the authority rotated its nonce twice in a row):
//   once more; the handle has cached the newest nonce from the refusal.
// - invalid_client or a time-related DPoP refusal when the refusal's Date header showed the PC's
//   clock moved: once more, with a fresh assertion and proof signed on the corrected time.
// - a temporary server failure (503 and friends) where repeating cannot do harm: once, after a pause.
//   Never for a code redemption: a code may be redeemed once, and a 5xx does not say it was not.
//   Never for a refresh that may have reached the server (a network error): the refresh token
//   rotates, and the old one would then be presented again. Never when the authority asked us to
//   wait (429, slow_down, Retry-After).
import { TIME_WORDS } from './authority-description.ts';
import * as oidc from 'openid-client';
import type { AuthorityClock } from './authority-clock.ts';
import { pause } from './outgoing-requests.ts';
import { isRateLimited, responseOf } from './rate-limit.ts';

export type AuthorityCall = 'par' | 'code' | 'refresh' | 'client-credentials';

export interface RetryDeps {
  readonly clock?: AuthorityClock;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** the pause before repeating after a server failure */
  readonly backoffMs?: number;
}

const BACKOFF_MS = 500;

export async function withAuthorityRetry<T>(
  call: AuthorityCall,
  request: () => Promise<T>,
  deps: RetryDeps = {},
): Promise<T> {
  const retried = { nonce: false, clock: false, server: false };
  for (;;) {
    const skewBefore = deps.clock?.skewSeconds;
    try {
      return await request();
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      if (!retried.nonce && isDpopNonceError(err)) {
        retried.nonce = true;
        deps.log?.(`${call}: use_dpop_nonce again after the nonce retry: one more try`);
        continue;
      }
      if (!retried.clock && isClockRelatedRefusal(err) && deps.clock && deps.clock.skewSeconds !== skewBefore) {
        retried.clock = true;
        deps.log?.(
          `${call}: refused (${(err as oidc.ResponseBodyError).error}) and the clock skew changed to ${deps.clock.skewSeconds} s: one more try`,
        );
        continue;
      }
      if (!retried.server && isSafeToRepeat(call, err)) {
        retried.server = true;
        deps.log?.(`${call}: temporary failure (${statusOf(err) ?? 'network'}): one more try`);
        await pause(deps.backoffMs ?? BACKOFF_MS, deps.signal);
        continue;
      }
      throw err;
    }
  }
}

export function isDpopNonceError(err: unknown): boolean {
  if (err instanceof oidc.ResponseBodyError) return err.error === 'use_dpop_nonce';
  if (err instanceof oidc.WWWAuthenticateChallengeError)
    return err.cause.some((c) => c.parameters.error === 'use_dpop_nonce');
  return false;
}

/** invalid_client (HelseID does not always say why) or a DPoP proof refused for its time */
export function isClockRelatedRefusal(err: unknown): boolean {
  if (!(err instanceof oidc.ResponseBodyError)) return false;
  return (
    err.error === 'invalid_client' ||
    (err.error === 'invalid_dpop_proof' && TIME_WORDS.test(err.error_description ?? ''))
  );
}

function isSafeToRepeat(call: AuthorityCall, err: unknown): boolean {
  if (call === 'code') return false;
  // asked to wait (429, slow_down, a Retry-After on a 503): half a second later is not waiting; the
  // token store waits as long as asked (rate-limit.ts), a login reports it
  if (isRateLimited(err) || responseOf(err)?.headers.has('retry-after')) return false;
  const status = statusOf(err);
  if (status !== undefined) return call === 'par' ? status >= 500 : [502, 503, 504].includes(status);
  // no answer at all: PAR and client credentials leave nothing behind; a refresh might have rotated
  return call !== 'refresh' && isNetworkFailure(err);
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof oidc.ResponseBodyError) return err.status;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return cause instanceof Response ? cause.status : undefined;
}

/** no answer: fetch failed, or a timeout (openid-client wraps it as OAUTH_TIMEOUT) */
function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'TimeoutError' ||
    (err as { code?: unknown }).code === 'OAUTH_TIMEOUT' ||
    (err instanceof TypeError && err.message === 'fetch failed')
  );
}
