// DPoP server nonces, per origin, for the whole app run. HelseID answers a token request without a
// (current) nonce with 400 use_dpop_nonce: a round trip a clinician waits for. openid-client keeps
// the nonces a handle has seen inside that handle, but our handles come and go (one DPoP key per
// login, another for machine tokens), so each new handle would pay the round trip again. Sharing
// one cache makes the nonce learned at PAR serve the token endpoint, the next login and the machine
// tokens: one nonce round trip per origin per app run.
//
// A nonce is not bound to a key (RFC 9449 §8: the server decides its lifetime), so handles with
// different keys may send the same one; a stale nonce costs the usual single retry, after which the
// fresh nonce lands here too.
import type * as oidc from 'openid-client';

const MAX_ORIGINS = 100; // as openid-client's own per-handle cache

export class DpopNonces {
  readonly #byOrigin = new Map<string, string>();

  get(origin: string): string | undefined {
    return this.#byOrigin.get(origin);
  }

  remember(origin: string, nonce: string): void {
    this.#byOrigin.delete(origin);
    if (this.#byOrigin.size >= MAX_ORIGINS) this.#byOrigin.delete(this.#byOrigin.keys().next().value!);
    this.#byOrigin.set(origin, nonce);
  }

  get size(): number {
    return this.#byOrigin.size;
  }
}

/**
 * The two methods oauth4webapi calls on a DPoP handle (oauth4webapi 3.x `DPoPHandler`; the handle
 * must stay the library's own object — it is checked by identity — so we wrap its methods in place
 * instead of wrapping the object). Pinned through openid-client 6.9.0; test/integration/auth
 * counts the use_dpop_nonce answers, so a library change that breaks this fails a test.
 */
interface NonceAware {
  addProof(url: URL, headers: Headers, htm: string, accessToken?: string): Promise<void>;
  cacheNonce(response: Response, url: URL): void;
}

/** Makes `handle` read and feed the shared cache; returns the same handle. */
export function shareNonces(handle: oidc.DPoPHandle, nonces: DpopNonces): oidc.DPoPHandle {
  const inner = handle as unknown as NonceAware;
  const addProof = inner.addProof.bind(inner);
  const cacheNonce = inner.cacheNonce.bind(inner);
  inner.addProof = (url, headers, htm, accessToken) => {
    const shared = nonces.get(url.origin);
    // hand the shared nonce to the handle the only way it takes one: as if a response had carried it
    if (shared !== undefined) cacheNonce(new Response(null, { headers: { 'dpop-nonce': shared } }), url);
    return addProof(url, headers, htm, accessToken);
  };
  inner.cacheNonce = (response, url) => {
    cacheNonce(response, url);
    const nonce = response.headers.get('dpop-nonce');
    if (nonce) nonces.remember(url.origin, nonce);
  };
  return handle;
}
