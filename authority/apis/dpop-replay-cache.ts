// Remembers DPoP proof (and access token) jti values until they could no longer pass the iat
// check anyway, so a captured proof cannot be replayed against a demo API.
export class JtiReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #ttlMs: number;

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** true the first time a jti is seen, false on every replay */
  firstUse(jti: string, now: number): boolean {
    for (const [key, expires] of this.#seen) if (expires < now) this.#seen.delete(key);
    if (this.#seen.has(jti)) return false;
    this.#seen.set(jti, now + this.#ttlMs);
    return true;
  }
}
