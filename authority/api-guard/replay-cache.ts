// Remembers DPoP proof jti values until a proof could no longer pass the iat check anyway, so a
// captured proof cannot be replayed. In memory: an API running as several instances must pass a
// shared implementation (e.g. Redis SET NX with expiry) of the same interface to the guard.

export interface ReplayCache {
  /** true the first time `key` is seen within `ttlMs`, false on every replay */
  firstUse(key: string, nowMs: number, ttlMs: number): boolean | Promise<boolean>;
}

export class MemoryReplayCache implements ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;

  /** `maxEntries` bounds memory under a flood of proofs; beyond it the oldest entries are dropped. */
  constructor(maxEntries = 100_000) {
    this.#maxEntries = maxEntries;
  }

  firstUse(key: string, nowMs: number, ttlMs: number): boolean {
    for (const [k, expires] of this.#seen) {
      if (expires >= nowMs) break; // insertion order ≈ expiry order: stop at the first live entry
      this.#seen.delete(k);
    }
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, nowMs + ttlMs);
    if (this.#seen.size > this.#maxEntries) this.#seen.delete(this.#seen.keys().next().value!);
    return true;
  }
}
