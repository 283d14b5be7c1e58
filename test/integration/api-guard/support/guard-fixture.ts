// Tokens and proofs for the API guard tests, made by hand so each test can break exactly one rule:
// an "authority" key the guard trusts, a client DPoP key, and builders with per-test overrides.
import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createApiGuard, type ApiGuardOptions } from '../../../../authority/api-guard/index.ts';

export const ISSUER = 'https://helseid-sts.test.example';
export const AUDIENCE = 'nhn:test/person-api';
export const SCOPE = 'nhn:test/person-api/read';
export const URL_ = 'https://api.example.no/api/person/me';
export const PID = 'helseid://claims/identity/pid';
export const LEVEL = 'helseid://claims/identity/security_level';

export interface Fixture {
  authorityKey: CryptoKey;
  authorityJwk: JWK;
  dpopKeys: CryptoKeyPair;
  dpopJwk: JWK;
  jkt: string;
}

export async function fixture(): Promise<Fixture> {
  const authority = await generateKeyPair('RS256', { extractable: true });
  const authorityJwk = { ...(await exportJWK(authority.publicKey)), kid: 'authority-1', alg: 'RS256', use: 'sig' };
  const dpopKeys = (await generateKeyPair('ES256', { extractable: true })) as CryptoKeyPair;
  const dpopJwk = await exportJWK(dpopKeys.publicKey);
  return {
    authorityKey: authority.privateKey,
    authorityJwk,
    dpopKeys,
    dpopJwk,
    jkt: await calculateJwkThumbprint(dpopJwk),
  };
}

export function guardFor(f: Fixture, o: Partial<ApiGuardOptions> = {}) {
  return createApiGuard({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks: { keys: [f.authorityJwk] },
    requiredScopes: [SCOPE],
    userEndpoint: true,
    ...o,
  });
}

const now = () => Math.floor(Date.now() / 1000);

/** A good user access token unless `claims`/`header` say otherwise (a value of undefined removes a claim). */
export async function accessToken(
  f: Fixture,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const payload: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-hash',
    client_id: 'desktop',
    iat: now(),
    nbf: now(),
    exp: now() + 300,
    jti: randomUUID(),
    scope: [SCOPE],
    cnf: { jkt: f.jkt },
    [PID]: '13827099842',
    [LEVEL]: '4',
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'authority-1', ...header } as { alg: string })
    .sign(f.authorityKey);
}

/** An unsigned token (alg none), as an attacker would send it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'at+jwt' })}.${enc(claims)}.`;
}

export interface ProofOverrides {
  htm?: string;
  htu?: string;
  iat?: number;
  jti?: string;
  ath?: string;
  nonce?: string;
  jwk?: JWK;
  keys?: CryptoKeyPair;
}

export async function proof(f: Fixture, token: string, o: ProofOverrides = {}): Promise<string> {
  const claims: Record<string, unknown> = {
    htm: o.htm ?? 'GET',
    htu: o.htu ?? URL_,
    iat: o.iat ?? now(),
    jti: o.jti ?? randomUUID(),
    ath: o.ath ?? createHash('sha256').update(token).digest('base64url'),
    ...(o.nonce ? { nonce: o.nonce } : {}),
  };
  const keys = o.keys ?? f.dpopKeys;
  const jwk = o.jwk ?? (o.keys ? await exportJWK(o.keys.publicKey) : f.dpopJwk);
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk }).sign(keys.privateKey);
}

export function request(
  token: string,
  dpop: string | undefined,
  o: { scheme?: string; url?: string; method?: string } = {},
) {
  return {
    method: o.method ?? 'GET',
    url: o.url ?? URL_,
    headers: { authorization: `${o.scheme ?? 'DPoP'} ${token}`, ...(dpop ? { dpop } : {}) },
  };
}
