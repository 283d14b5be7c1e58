// The access token half of the guard, per HELSEID.md "What an API checks": a JWT with typ at+jwt,
// an asymmetric alg (never none), a signature by the authority's current keys, the exact issuer,
// this API as its ONLY audience, exp/nbf with a small leeway, `scope` as a JSON array holding the
// required scopes, and — depending on the endpoint — a level-4 person or no person at all.
// Bounds beyond the JWT rules: `iat` not in the future and `exp` at most `maxLifetimeSeconds`
// ahead (a token living a century is a forgery or a broken authority, not a convenience); a person
// claim, when present, must be well-formed (pid: 11 digits with valid check digits; hpr_number: a
// positive number), so `pid: ""` or `hpr_number: "0"` cannot pass for a person.
import { decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { GuardError } from './guard-error.ts';
import { HELSEID_CLAIM, isUserToken } from './helseid-claims.ts';
import { isHprNumber, isNationalIdNumber } from './national-id.ts';

export interface AccessTokenRules {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  algorithms: readonly string[];
  requiredScopes: readonly string[];
  userEndpoint: boolean;
  machineOnly: boolean;
  leewaySeconds: number;
  /** how far ahead `exp` may be, seconds */
  maxLifetimeSeconds: number;
}

const AT_TYPES = new Set(['at+jwt', 'application/at+jwt']);

function headerOf(token: string): Record<string, unknown> {
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    throw new GuardError('invalid_token', 'access token is not a JWT');
  }
}

export async function checkAccessToken(
  token: string,
  r: AccessTokenRules,
  nowMs: number,
): Promise<Record<string, unknown>> {
  const header = headerOf(token);
  if (header.alg === 'none' || !r.algorithms.includes(String(header.alg))) {
    throw new GuardError('invalid_token', `access token "alg" ${String(header.alg)} is not accepted`);
  }
  // RFC 9068: typ tells access tokens from ID tokens and other JWTs by the same issuer
  if (!AT_TYPES.has(String(header.typ))) throw new GuardError('invalid_token', 'access token "typ" must be at+jwt');
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(token, r.keys, {
      issuer: r.issuer,
      algorithms: [...r.algorithms],
      clockTolerance: r.leewaySeconds,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp'],
    }));
  } catch (err) {
    // the authority's keys being out of reach is our problem, not the caller's: no 401 for it
    if (!(err instanceof errors.JOSEError) || err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
      throw new Error("api guard: the authority's signing keys (JWKS) are unavailable", { cause: err });
    }
    throw new GuardError('invalid_token', `access token rejected: ${(err as Error).message}`);
  }
  const nowSeconds = nowMs / 1000;
  if (typeof claims.iat === 'number' && claims.iat > nowSeconds + r.leewaySeconds)
    throw new GuardError('invalid_token', 'access token "iat" is in the future');
  if ((claims.exp as number) > nowSeconds + r.maxLifetimeSeconds + r.leewaySeconds) {
    throw new GuardError(
      'invalid_token',
      `access token "exp" is too far in the future (more than ${r.maxLifetimeSeconds} s ahead)`,
    );
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (aud.length !== 1 || aud[0] !== r.audience)
    throw new GuardError('invalid_token', `access token "aud" must be exactly ${r.audience} (one audience)`);
  if (!Array.isArray(claims.scope)) throw new GuardError('invalid_token', 'access token "scope" must be a JSON array');
  const missing = r.requiredScopes.filter((s) => !(claims.scope as unknown[]).includes(s));
  if (missing.length) throw new GuardError('insufficient_scope', `access token lacks scope ${missing.join(' ')}`);
  const cnf = claims.cnf as { jkt?: unknown } | undefined;
  if (typeof cnf?.jkt !== 'string')
    throw new GuardError('invalid_token', 'access token is not DPoP-bound (no cnf.jkt)');
  const user = isUserToken(claims);
  if (r.machineOnly && user) {
    throw new GuardError(
      'invalid_token',
      'this endpoint accepts machine tokens (client credentials) only: the token speaks for a person',
      { status: 403 },
    );
  }
  const pid = claims[HELSEID_CLAIM.pid];
  const hprNumber = claims[HELSEID_CLAIM.hprNumber];
  if (pid !== undefined && !isNationalIdNumber(pid)) {
    throw new GuardError(
      'invalid_token',
      'the pid claim must be a national id number: 11 digits with valid check digits',
      { status: 403 },
    );
  }
  if (hprNumber !== undefined && !isHprNumber(hprNumber))
    throw new GuardError('invalid_token', 'the hpr_number claim must be a positive number', { status: 403 });
  if (r.userEndpoint) {
    if (pid === undefined && hprNumber === undefined)
      throw new GuardError('invalid_token', 'a user token is required (pid or hpr_number claim)', { status: 403 });
    if (claims[HELSEID_CLAIM.securityLevel] !== '4')
      throw new GuardError('invalid_token', 'security_level "4" is required', { status: 403 });
  }
  return claims;
}
