// "Wait before asking again" from the authority (issue 13): HTTP 429, or an OAuth error that says
// so — `slow_down` (RFC 8628) and `temporarily_unavailable` (RFC 6749 §4.1.2.1), which some servers
// also send from the token endpoint — usually with a Retry-After header (RFC 9110 §10.2.3: seconds,
// or an HTTP date). Such an answer is not a refusal and not an outage: the app reports it as
// authority-busy and waits at least that long before asking for that API's token again, within
// REFRESH_POLICY's bounds (refresh-policy.ts), so a wild header can neither stall nor storm.
import * as oidc from 'openid-client';

const BUSY_ERRORS = new Set(['slow_down', 'temporarily_unavailable']);
/** the longest wait we honour; a longer Retry-After is treated as this (refresh-policy's backoff cap) */
export const MAX_RETRY_AFTER_SECONDS = 300;

/** The authority's HTTP answer behind an openid-client error, if it answered at all. */
export function responseOf(err: unknown): Response | undefined {
  if (err instanceof oidc.ResponseBodyError) return err.response;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return cause instanceof Response ? cause : undefined;
}

/**
 * The authority asked us to wait: 429, slow_down or temporarily_unavailable, or a 503 with
 * Retry-After (RFC 9110 §15.6.4: overloaded or in maintenance, back after that time — openid-client
 * does not read the JSON body of a 5xx, so its `error` is not seen there).
 */
export function isRateLimited(err: unknown): boolean {
  if (err instanceof oidc.ResponseBodyError && BUSY_ERRORS.has(err.error)) return true;
  const response = responseOf(err);
  return response?.status === 429 || (response?.status === 503 && response.headers.has('retry-after'));
}

/**
 * Retry-After in whole seconds, between 0 and MAX_RETRY_AFTER_SECONDS; undefined when absent or
 * unreadable. An HTTP date is taken relative to the response's own Date header when it has one, so
 * a wrong PC clock does not turn it into hours (or nothing).
 */
export function retryAfterSeconds(response: Response | undefined, now: () => number = Date.now): number | undefined {
  const value = response?.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  let seconds: number;
  if (/^\d+$/.test(value)) {
    seconds = Number(value);
  } else {
    // an HTTP date names its weekday or month; anything else ("-5", "soon") is unreadable
    const at = /[a-z]{3}/i.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) return undefined;
    const serverNow = Date.parse(response?.headers.get('date') ?? '');
    seconds = Math.ceil((at - (Number.isNaN(serverNow) ? now() : serverNow)) / 1000);
  }
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, seconds));
}
