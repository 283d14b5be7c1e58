// Remembers DPoP proof jti values until a proof could no longer pass the iat check anyway, so a
// captured proof cannot be replayed. Bounded by TIME, never by count: a jti is kept for its whole
// window whatever arrives meanwhile, so flooding the cache with fresh proofs cannot push a victim's
// jti out. Memory is bounded by refusing NEW proofs when the cache is full of live entries (the
// guard answers 503): failing closed, never forgetting. In memory: an API running as several
// instances must pass a shared implementation (e.g. Redis SET NX PX) of the same interface.

export interface ReplayCache {
  /**
   * true the first time `key` is seen within `ttlMs`, false on every replay. May throw
   * ReplayCacheFullError when it cannot remember one more key (never by forgetting a live one).
   */
  firstUse(key: string, nowMs: number, ttlMs: number): boolean | Promise<boolean>;
}

export class ReplayCacheFullError extends Error {
  constructor() {
    super('api guard: the replay cache is full of live proofs');
    this.name = 'ReplayCacheFullError';
  }
}

export interface MemoryReplayCacheOptions {
  /**
   * live jti values held at most (default 250,000: ~3,800 proofs a second sustained over a 65 s
   * window, a few tens of MB); beyond it new proofs are refused until old ones expire
   */
  maxEntries?: number;
}

export class MemoryReplayCache implements ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(options: MemoryReplayCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 250_000;
  }

  firstUse(key: string, nowMs: number, ttlMs: number): boolean {
    for (const [k, expires] of this.#seen) {
      if (expires >= nowMs) break; // insertion order = expiry order (one ttl): stop at the first live entry
      this.#seen.delete(k);
    }
    if (this.#seen.has(key)) return false;
    if (this.#seen.size >= this.#maxEntries) throw new ReplayCacheFullError();
    this.#seen.set(key, nowMs + ttlMs);
    return true;
  }
}
