// Everything HELSEID.md's "What an API checks" lists, for one request to a demo API: the access
// token (signature, typ, iss, one aud, lifetime, scope array, user claims) and its DPoP proof
// (scheme, cnf.jkt, typ/alg/signature, no private jwk, ath, htm, exact htu, iat, jti replay).
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type JWTVerifyGetKey, type JWK } from 'jose';
import { CLAIM, type ApiDefinition } from '../settings.ts';
import type { JtiReplayCache } from './dpop-replay-cache.ts';

const ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const LEEWAY_SECONDS = 5;
const PROOF_MAX_AGE_SECONDS = 60;

export class ApiAuthError extends Error {
  readonly error: 'invalid_token' | 'invalid_dpop_proof' | 'insufficient_scope' | 'insufficient_claims' | 'invalid_request';
  readonly status: number;
  constructor(error: ApiAuthError['error'], description: string, status = error === 'insufficient_scope' ? 403 : 401) {
    super(description);
    this.error = error;
    this.status = status;
  }
}

export interface ApiCheckContext {
  api: ApiDefinition;
  issuer: string;
  keys: JWTVerifyGetKey;
  replay: JtiReplayCache;
  now: () => number;
  /** scheme://host/path of this request, as the client must have put it in htu */
  expectedHtu: string;
}

async function verifyAccessToken(token: string, c: ApiCheckContext): Promise<Record<string, unknown>> {
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(token).typ;
  } catch {
    throw new ApiAuthError('invalid_token', 'access token is not a JWT');
  }
  if (typ !== 'at+jwt' && typ !== 'application/at+jwt' && typ !== 'JWT') throw new ApiAuthError('invalid_token', 'access token "typ" must be at+jwt');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, c.keys, {
      issuer: c.issuer, algorithms: ALGS, clockTolerance: LEEWAY_SECONDS, currentDate: new Date(c.now()),
    }));
  } catch (err) {
    throw new ApiAuthError('invalid_token', `access token rejected: ${(err as Error).message}`);
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (aud.length !== 1 || aud[0] !== c.api.resource) throw new ApiAuthError('invalid_token', `access token "aud" must be exactly ${c.api.resource}`);
  if (!Array.isArray(payload.scope)) throw new ApiAuthError('invalid_token', 'access token "scope" must be a JSON array');
  if (!c.api.scopes.some((s) => (payload.scope as unknown[]).includes(s))) {
    throw new ApiAuthError('insufficient_scope', `access token lacks scope ${c.api.scopes.join(' or ')}`);
  }
  if (c.api.userRequired) {
    if (!payload[CLAIM.pid] && !payload[CLAIM.hprNumber]) throw new ApiAuthError('invalid_token', 'a user token is required (pid or hpr_number claim)');
    if (payload[CLAIM.securityLevel] !== '4') throw new ApiAuthError('invalid_token', 'security_level "4" is required');
  }
  return payload;
}

async function verifyProof(req: IncomingMessage, token: string, jkt: unknown, c: ApiCheckContext): Promise<void> {
  const header = req.headersDistinct.dpop;
  if (!header || header.length !== 1) throw new ApiAuthError('invalid_dpop_proof', 'exactly one DPoP header is required');
  let payload: Record<string, unknown>;
  let jwk: JWK;
  try {
    const verified = await jwtVerify(header[0]!, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ALGS });
    payload = verified.payload;
    jwk = verified.protectedHeader.jwk as JWK;
  } catch (err) {
    throw new ApiAuthError('invalid_dpop_proof', `DPoP proof rejected: ${(err as Error).message}`);
  }
  if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((k) => k in jwk)) throw new ApiAuthError('invalid_dpop_proof', 'DPoP proof jwk contains private key material');
  if (await calculateJwkThumbprint(jwk) !== jkt) throw new ApiAuthError('invalid_token', 'access token cnf.jkt does not match the DPoP proof key');
  if (payload.htm !== req.method) throw new ApiAuthError('invalid_dpop_proof', 'DPoP proof htm does not match the request method');
  if (payload.htu !== c.expectedHtu) throw new ApiAuthError('invalid_dpop_proof', `DPoP proof htu must be exactly ${c.expectedHtu} (no query or fragment)`);
  if (payload.ath !== createHash('sha256').update(token).digest('base64url')) throw new ApiAuthError('invalid_dpop_proof', 'DPoP proof ath does not match the access token');
  const age = c.now() / 1000 - Number(payload.iat);
  if (!(age <= PROOF_MAX_AGE_SECONDS && age >= -LEEWAY_SECONDS)) throw new ApiAuthError('invalid_dpop_proof', 'DPoP proof iat is outside the accepted window');
  if (typeof payload.jti !== 'string' || !c.replay.firstUse(payload.jti, c.now())) throw new ApiAuthError('invalid_dpop_proof', 'DPoP proof jti was used before (replay)');
}

/** Returns the accepted access-token claims, or throws ApiAuthError. */
export async function verifyApiRequest(req: IncomingMessage, c: ApiCheckContext): Promise<Record<string, unknown>> {
  const authorization = req.headers.authorization ?? '';
  const [scheme, token, ...rest] = authorization.split(' ');
  if (scheme?.toLowerCase() === 'bearer') throw new ApiAuthError('invalid_token', 'this API accepts only DPoP-bound tokens: use the DPoP scheme, not Bearer');
  if (scheme !== 'DPoP' || !token || rest.length) throw new ApiAuthError('invalid_token', 'Authorization: DPoP <access token> is required');
  const claims = await verifyAccessToken(token, c);
  const cnf = claims.cnf as { jkt?: string } | undefined;
  if (!cnf?.jkt) throw new ApiAuthError('invalid_token', 'access token is not DPoP-bound (no cnf.jkt)');
  await verifyProof(req, token, cnf.jkt, c);
  return claims;
}
