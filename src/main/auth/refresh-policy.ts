// When the token store may ask the token endpoint again, whatever the configuration and whatever
// `expires_in` the authority sends (0, 1, negative, huge, missing). Without these bounds a
// refresh_margin_seconds at or above the token lifetime turned "refresh before expiry" into a tight
// loop that hammered HelseID (issue 13, item 1). An authority that asks us to wait (429, slow_down,
// Retry-After) is waited for, up to the backoff cap.

export const REFRESH_POLICY = {
  /** no two token requests for one API closer than this, unless the token has run out */
  minIntervalMs: 20_000,
  /** the refresh margin is capped at this share of the token's lifetime, so one token is refreshed
   * at most once in its life (a 300 s token with a 600 s margin: refreshed after 200 s, not at once) */
  maxMarginShare: 1 / 3,
  /** hard cap, whoever asks (timers, API calls, unit switches): token requests per API per minute */
  maxPerMinute: 5,
  /** after a failed refresh: 10 s, 20 s, 40 s … up to 5 minutes */
  backoffBaseMs: 10_000,
  backoffMaxMs: 5 * 60_000,
  /** expires_in missing or not a number: assume a minute (HelseID always sends it) */
  fallbackLifetimeSeconds: 60,
  /** expires_in beyond a day is treated as a day: we refresh at least daily */
  maxLifetimeSeconds: 24 * 3600,
} as const;

/** The token's lifetime in seconds as we plan with it: never negative, never absurd. */
export function plannedLifetimeSeconds(expiresIn: unknown): number {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) return REFRESH_POLICY.fallbackLifetimeSeconds;
  return Math.min(Math.max(0, expiresIn), REFRESH_POLICY.maxLifetimeSeconds);
}

/** The margin before expiry at which a token of this lifetime is refreshed. */
export function effectiveMarginMs(configuredMarginMs: number, lifetimeMs: number): number {
  return Math.max(0, Math.min(configuredMarginMs, lifetimeMs * REFRESH_POLICY.maxMarginShare));
}

/** Extra wait after `failures` failed refreshes in a row (0: none). */
export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(REFRESH_POLICY.backoffMaxMs, REFRESH_POLICY.backoffBaseMs * 2 ** (failures - 1));
}

/** The record of one API's token requests that the bounds are computed from. */
export class RequestHistory {
  readonly #times: number[] = [];
  failures = 0;
  /** epoch ms before which nothing may be asked: the authority's Retry-After (rate-limit.ts bounds it) */
  notBefore = -Infinity;

  record(now: number): void {
    this.#times.push(now);
    while (this.#times.length > REFRESH_POLICY.maxPerMinute) this.#times.shift();
  }

  get last(): number | undefined {
    return this.#times.at(-1);
  }

  /** false when maxPerMinute requests were made within the last minute */
  mayRequest(now: number): boolean {
    return this.#times.length < REFRESH_POLICY.maxPerMinute || now - this.#times[0]! >= 60_000;
  }

  /** the earliest time the next automatic request may go out: the floor, the backoff after
   * failures, and the authority's Retry-After, whichever is latest */
  earliestNext(): number {
    const last = this.last;
    if (last === undefined) return this.notBefore;
    return Math.max(this.notBefore, last + Math.max(REFRESH_POLICY.minIntervalMs, backoffMs(this.failures)));
  }
}
