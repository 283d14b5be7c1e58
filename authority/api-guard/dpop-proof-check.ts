// The DPoP half of the guard (RFC 9449 §4.3, §7): exactly one proof, typ dpop+jwt, an asymmetric
// alg, a PUBLIC jwk whose thumbprint is the token's cnf.jkt, htm = the method, htu = scheme://host/path
// of this request (no query, no fragment), ath = hash of the token, iat within a short window, a
// server nonce when the API wants one, and a jti never seen before.
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type JWK } from 'jose';
import { GuardError } from './guard-error.ts';
import type { DpopNonces } from './dpop-nonce.ts';
import { ReplayCacheFullError, type ReplayCache } from './replay-cache.ts';

export interface ProofRules {
  algorithms: readonly string[];
  leewaySeconds: number;
  maxAgeSeconds: number;
  nonces: DpopNonces | undefined;
  replay: ReplayCache;
}

export interface ProofRequest {
  proof: string;
  method: string;
  /** scheme://host/path of the request as the client addressed it */
  htu: string;
  accessToken: string;
  jkt: string;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export async function checkProof(p: ProofRequest, r: ProofRules, nowMs: number): Promise<void> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(p.proof) as Record<string, unknown>;
  } catch {
    throw new GuardError('invalid_dpop_proof', 'DPoP proof is not a JWT');
  }
  const jwk = header.jwk as Record<string, unknown> | undefined;
  if (jwk && PRIVATE_MEMBERS.some((k) => k in jwk))
    throw new GuardError('invalid_dpop_proof', 'DPoP proof jwk contains private key material');
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(p.proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...r.algorithms] }));
  } catch (err) {
    throw new GuardError('invalid_dpop_proof', `DPoP proof rejected: ${(err as Error).message}`);
  }
  if ((await calculateJwkThumbprint(jwk as JWK)) !== p.jkt)
    throw new GuardError('invalid_token', 'access token cnf.jkt does not match the DPoP proof key');
  if (claims.htm !== p.method)
    throw new GuardError('invalid_dpop_proof', 'DPoP proof htm does not match the request method');
  if (claims.htu !== p.htu)
    throw new GuardError('invalid_dpop_proof', `DPoP proof htu must be exactly ${p.htu} (no query or fragment)`);
  if (claims.ath !== createHash('sha256').update(p.accessToken).digest('base64url'))
    throw new GuardError('invalid_dpop_proof', 'DPoP proof ath does not match the access token');
  const age = nowMs / 1000 - Number(claims.iat);
  if (!(age <= r.maxAgeSeconds && age >= -r.leewaySeconds))
    throw new GuardError('invalid_dpop_proof', 'DPoP proof iat is outside the accepted window');
  if (r.nonces && !r.nonces.accepts(claims.nonce, nowMs)) {
    const reason = claims.nonce === undefined ? 'this API requires a DPoP nonce' : 'DPoP nonce is stale or unknown';
    throw new GuardError('use_dpop_nonce', reason, { dpopNonce: r.nonces.current(nowMs) });
  }
  if (typeof claims.jti !== 'string' || !claims.jti)
    throw new GuardError('invalid_dpop_proof', 'DPoP proof jti is missing');
  // keyed by the proof key: jti uniqueness is per key (RFC 9449 §11.1)
  let fresh: boolean;
  try {
    fresh = await r.replay.firstUse(`${p.jkt}:${claims.jti}`, nowMs, (r.maxAgeSeconds + r.leewaySeconds) * 1000);
  } catch (err) {
    if (!(err instanceof ReplayCacheFullError)) throw err;
    throw new GuardError(
      'temporarily_unavailable',
      'the API is receiving too many DPoP proofs to remember them all: try again shortly',
    );
  }
  if (!fresh) throw new GuardError('invalid_dpop_proof', 'DPoP proof jti was used before (replay)');
}
