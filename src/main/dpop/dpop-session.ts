// One DPoP key pair per login session: ES256, the private key non-extractable, and ONE openid-client
// DPoP handle so the server nonces it caches (per origin) are reused by every request of the
// session: only the first request to each origin pays the use_dpop_nonce round trip.
import * as oidc from 'openid-client';
import { calculateJwkThumbprint } from 'jose';

export interface DpopSession {
  readonly handle: oidc.DPoPHandle;
  /** base64url SHA-256 JWK thumbprint: the cnf.jkt the session's tokens are bound to */
  readonly thumbprint: string;
}

/** `authorityNow`: epoch seconds on the authority's clock, read for each proof's iat (AuthorityClock). */
export async function createDpopSession(config: oidc.Configuration, authorityNow?: () => number): Promise<DpopSession> {
  const keyPair = await oidc.randomDPoPKeyPair('ES256', { extractable: false });
  const publicJwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  return {
    handle: oidc.getDPoPHandle(config, keyPair, authorityNow ? { [oidc.modifyAssertion]: (_header, payload) => void (payload.iat = authorityNow()) } : undefined),
    thumbprint: await calculateJwkThumbprint({ kty: publicJwk.kty!, crv: publicJwk.crv!, x: publicJwk.x!, y: publicJwk.y! }),
  };
}
