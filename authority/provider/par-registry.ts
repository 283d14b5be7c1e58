// Facts about each pushed authorization request that oidc-provider does not keep in a form we can
// reach later: whether offline_access was asked for (oidc-provider drops it unless prompt=consent,
// HelseID does not) and which interaction the browser's visit turned the request_uri into. The
// card back channel finds its login by request_uri through this registry.
export interface ParRecord {
  requestUri: string;
  clientId: string;
  offlineAccess: boolean;
  /** the PAR's `scope`, split */
  requestedScopes: string[];
  tillitsrammeverk?: Record<string, unknown>;
  expiresAt: number;
  interactionUid?: string;
}

export class ParRegistry {
  readonly #byUri = new Map<string, ParRecord>();
  readonly #byInteraction = new Map<string, ParRecord>();

  add(record: ParRecord): void {
    this.#prune();
    this.#byUri.set(record.requestUri, record);
  }

  attachInteraction(requestUri: string, interactionUid: string): void {
    const record = this.#byUri.get(requestUri);
    if (!record) return;
    record.interactionUid = interactionUid;
    // the login may take until the interaction expires, longer than the request_uri lives
    record.expiresAt = Math.max(record.expiresAt, Date.now() + 15 * 60_000);
    this.#byInteraction.set(interactionUid, record);
  }

  byRequestUri(requestUri: string): ParRecord | undefined {
    return this.#byUri.get(requestUri);
  }

  byInteraction(uid: string): ParRecord | undefined {
    return this.#byInteraction.get(uid);
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
