// Answers `use_dpop_nonce` BEFORE an endpoint consumes anything. HelseID's answer to a DPoP proof
// without a (valid) nonce must cost the client nothing: NHN's Java library (HelseID.Library.Java,
// TokenEndpoint.sendRequest) re-sends the IDENTICAL request — the same client assertion, the same
// jti — with a new proof carrying the nonce. oidc-provider authenticates the client (recording the
// assertion's jti) before it validates DPoP, so the gate runs in front of it. The same gate serves
// every endpoint that takes DPoP proofs: oidc-provider's PAR and token endpoints here, and any
// endpoint of the emulator's own (card back channel, Selvbetjening) that wants nonces.
import { EmbeddedJWK, jwtVerify } from 'jose';
import ServerChallenge from 'oidc-provider/lib/helpers/challenge.js';

const DPOP_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

export interface NonceChallenge {
  status: 400;
  headers: Record<string, string>;
  body: { error: 'use_dpop_nonce'; error_description: string };
}

export interface DpopNonceGate {
  /** the nonce a client should use now */
  next(): string;
  /**
   * The use_dpop_nonce answer for this proof, or undefined to let the request through. A proof that
   * does not verify passes: the endpoint refuses it with its own, specific reason.
   */
  check(proof: string | undefined): Promise<NonceChallenge | undefined>;
}

/** `nonceSecret` and the info "DPoP" are oidc-provider's: both sides issue and accept the same nonces. */
export function dpopNonceGate(nonceSecret: Buffer): DpopNonceGate {
  const nonces = new ServerChallenge(nonceSecret, 'DPoP');
  const challenge = (why: string): NonceChallenge => ({
    status: 400,
    headers: { 'DPoP-Nonce': nonces.nextChallenge(), 'Cache-Control': 'no-store' },
    body: {
      error: 'use_dpop_nonce',
      error_description: `${why}: retry with the nonce from the DPoP-Nonce header (nothing in this request was consumed)`,
    },
  });
  return {
    next: () => nonces.nextChallenge(),
    async check(proof) {
      if (!proof) return undefined;
      let nonce: unknown;
      try {
        ({
          payload: { nonce },
        } = await jwtVerify(proof, EmbeddedJWK, { algorithms: DPOP_ALGS, typ: 'dpop+jwt' }));
      } catch {
        return undefined;
      }
      if (nonce === undefined) return challenge('the DPoP proof must carry a server nonce ("nonce")');
      if (typeof nonce !== 'string' || !nonces.checkChallenge(nonce))
        return challenge('the DPoP proof\'s "nonce" is unknown or expired');
      return undefined;
    },
  };
}
