// Facts about each pushed authorization request that oidc-provider does not keep in a form we can
// reach later: whether offline_access was asked for (oidc-provider drops it unless prompt=consent,
// HelseID does not), which interaction the browser's visit turned the request_uri into, and when the
// request_uri itself expires. The card back channel finds its login by request_uri through this
// registry, and tells an expired request_uri apart from a browser that is merely slow.
export interface ParRecord {
  requestUri: string;
  clientId: string;
  offlineAccess: boolean;
  /** the PAR's `scope`, split */
  requestedScopes: string[];
  tillitsrammeverk?: Record<string, unknown>;
  /** the request_uri's lifetime as the PAR response gave it (`expires_in`, seconds) */
  lifetimeSeconds: number;
  /** when the browser can no longer use the request_uri at /connect/authorize (epoch ms) */
  requestUriExpiresAt: number;
  /** how long the record is kept (longer than the request_uri: the back channel names an expiry) */
  expiresAt: number;
  interactionUid?: string;
  /** the browser's authorization request with it failed (an injected 5xx or dropped connection) */
  browserAuthorizeFailure?: string;
}

/** How long a record outlives its request_uri, so a late back-channel call hears "expired", not "unknown". */
const KEPT_AFTER_EXPIRY_MS = 15 * 60_000;

export class ParRegistry {
  readonly #byUri = new Map<string, ParRecord>();
  readonly #byInteraction = new Map<string, ParRecord>();

  add(record: Omit<ParRecord, 'requestUriExpiresAt' | 'expiresAt'> & { issuedAt: number }): void {
    this.#prune();
    const { issuedAt, ...rest } = record;
    const requestUriExpiresAt = issuedAt + record.lifetimeSeconds * 1000;
    this.#byUri.set(record.requestUri, {
      ...rest,
      requestUriExpiresAt,
      expiresAt: requestUriExpiresAt + KEPT_AFTER_EXPIRY_MS,
    });
  }

  attachInteraction(requestUri: string, interactionUid: string): void {
    const record = this.#byUri.get(requestUri);
    if (!record) return;
    record.interactionUid = interactionUid;
    // the login may take until the interaction expires, longer than the request_uri lives
    record.expiresAt = Math.max(record.expiresAt, Date.now() + 15 * 60_000);
    this.#byInteraction.set(interactionUid, record);
  }

  /** The browser's authorization request with this request_uri was failed by a fault knob. */
  authorizeFailed(requestUri: string, what: string): void {
    const record = this.#byUri.get(requestUri);
    if (record) record.browserAuthorizeFailure = what;
  }

  byRequestUri(requestUri: string): ParRecord | undefined {
    return this.#byUri.get(requestUri);
  }

  byInteraction(uid: string): ParRecord | undefined {
    return this.#byInteraction.get(uid);
  }

  /** True when the browser never used the request_uri and it can no longer be used. */
  static expiredUnused(record: ParRecord, now: number): boolean {
    return !record.interactionUid && now >= record.requestUriExpiresAt;
  }

  /** Test hook: every request_uri no browser has used yet expires now (a person who took too long). */
  expireUnused(now: number): string[] {
    const expired: string[] = [];
    for (const record of this.#byUri.values()) {
      if (record.interactionUid || now >= record.requestUriExpiresAt) continue;
      record.requestUriExpiresAt = now;
      expired.push(record.requestUri);
    }
    return expired;
  }

  #prune(): void {
    const now = Date.now();
    for (const [uri, record] of this.#byUri) {
      if (record.expiresAt < now) {
        this.#byUri.delete(uri);
        if (record.interactionUid) this.#byInteraction.delete(record.interactionUid);
      }
    }
  }
}
