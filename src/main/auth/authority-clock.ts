// The difference between this PC's clock and the authority's, measured from the Date header of EVERY
// authority response, not only discovery's: clinic PCs are often minutes off, and the clock can be
// corrected while the app runs (NTP, a laptop waking up). Client assertions and DPoP proofs read the
// latest measurement when they are signed, so the request after a refusal already carries the
// corrected time.
/** Differences below this are the Date header's one-second resolution plus latency, not a wrong clock. */
const NEGLIGIBLE_SKEW_SECONDS = 2;

export class AuthorityClock {
  #skewSeconds = 0;
  #measured = false;

  /** whether any authority response has carried a readable Date header (else the skew is a guess: 0) */
  get measured(): boolean {
    return this.#measured;
  }

  /** seconds to add to this PC's clock to get the authority's (openid-client's clockSkew) */
  get skewSeconds(): number {
    return this.#skewSeconds;
  }

  /** the authority's time now, in epoch seconds (what iat/nbf of assertions and proofs carry) */
  nowSeconds(): number {
    return Math.floor(Date.now() / 1000) + this.#skewSeconds;
  }

  /** Takes the measurement from a response's Date header (no header, or an unreadable one: no change). */
  observe(dateHeader: string | null, receivedAt = Date.now()): void {
    const serverDate = Date.parse(dateHeader ?? '');
    if (!Number.isFinite(serverDate)) return;
    const skew = Math.round((serverDate - receivedAt) / 1000);
    this.#measured = true;
    this.#skewSeconds = Math.abs(skew) < NEGLIGIBLE_SKEW_SECONDS ? 0 : skew;
  }

  /** `fetchImpl`, measuring from every response that comes from `origin` (the authority's). */
  observing(fetchImpl: typeof fetch, origin: string): typeof fetch {
    return async (input, init) => {
      const response = await fetchImpl(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (new URL(url).origin === origin) this.observe(response.headers.get('date'));
      return response;
    };
  }
}

/** "wrong by N minutes" for the person; at least 1 when there is any skew worth mentioning. */
export function skewMinutes(skewSeconds: number): number {
  return Math.max(1, Math.round(Math.abs(skewSeconds) / 60));
}
