// Server-issued DPoP nonces (RFC 9449 §9) without server state: a nonce is an HMAC of the current
// time window, so every instance sharing the secret accepts it and nothing must be stored. A nonce
// stays valid for the window it was issued in and the next one, so a client that just got one never
// hits a boundary.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface DpopNonceOptions {
  /** share it between instances of the same API; random per process by default */
  secret?: Uint8Array;
  windowSeconds?: number;
}

export class DpopNonces {
  readonly #secret: Uint8Array;
  readonly #windowMs: number;

  constructor(options: DpopNonceOptions = {}) {
    this.#secret = options.secret ?? randomBytes(32);
    this.#windowMs = (options.windowSeconds ?? 300) * 1000;
  }

  #forWindow(window: number): string {
    return createHmac('sha256', this.#secret).update(`dpop-nonce:${window}`).digest('base64url');
  }

  /** The nonce to hand out now. */
  current(nowMs: number): string {
    return this.#forWindow(Math.floor(nowMs / this.#windowMs));
  }

  accepts(nonce: unknown, nowMs: number): boolean {
    if (typeof nonce !== 'string') return false;
    const window = Math.floor(nowMs / this.#windowMs);
    return [window, window - 1].some((w) => {
      const expected = Buffer.from(this.#forWindow(w));
      const given = Buffer.from(nonce);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  }
}
