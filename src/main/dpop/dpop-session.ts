// One DPoP key pair per login session (and one for the machine tokens): ES256, the private key
// non-extractable, and ONE openid-client DPoP handle per key. The server nonces are shared by every
// handle of the app run (dpop-nonces.ts), so only the first request to each origin pays the
// use_dpop_nonce round trip — not the first of every login.
import * as oidc from 'openid-client';
import { calculateJwkThumbprint } from 'jose';
import { shareNonces, type DpopNonces } from './dpop-nonces.ts';

export interface DpopSession {
  readonly handle: oidc.DPoPHandle;
  /** base64url SHA-256 JWK thumbprint: the cnf.jkt the session's tokens are bound to */
  readonly thumbprint: string;
}

/** `nonces`: the app run's shared nonces; `authorityNow`: epoch seconds on the authority's clock, read
 * for each proof's iat (AuthorityClock), so a re-measured skew applies to the next proof. */
export async function createDpopSession(
  config: oidc.Configuration,
  nonces?: DpopNonces,
  authorityNow?: () => number,
): Promise<DpopSession> {
  const keyPair = await oidc.randomDPoPKeyPair('ES256', { extractable: false });
  const publicJwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  const handle = oidc.getDPoPHandle(
    config,
    keyPair,
    authorityNow ? { [oidc.modifyAssertion]: (_header, payload) => void (payload.iat = authorityNow()) } : undefined,
  );
  return {
    handle: nonces ? shareNonces(handle, nonces) : handle,
    thumbprint: await calculateJwkThumbprint({
      kty: publicJwk.kty!,
      crv: publicJwk.crv!,
      x: publicJwk.x!,
      y: publicJwk.y!,
    }),
  };
}
