// Hand-made client assertions and DPoP proofs, for the refusal tests that must send what a
// correct client library never would.
import { randomUUID, createHash } from 'node:crypto';
import { exportJWK, SignJWT, type JWK } from 'jose';
import type { DesktopClient } from './desktop-client.ts';

export interface AssertionOptions {
  aud?: string | string[];
  typ?: string | null;
  iat?: number;
  exp?: number;
  jti?: string;
  extraClaims?: Record<string, unknown>;
}

export async function clientAssertion(c: DesktopClient, issuer: string, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header: Record<string, unknown> = { alg: c.privateJwk.alg, kid: c.privateJwk.kid };
  if (o.typ !== null) header.typ = o.typ ?? 'client-authentication+jwt';
  return new SignJWT({ ...o.extraClaims, jti: o.jti ?? randomUUID(), nbf: now })
    .setProtectedHeader(header as { alg: string })
    .setIssuer(c.clientId)
    .setSubject(c.clientId)
    .setAudience(o.aud ?? issuer)
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 30)
    .sign(c.privateKey);
}

export function clientAuthForm(
  c: DesktopClient,
  assertion: string,
  params: Record<string, string> = {},
): URLSearchParams {
  return new URLSearchParams({
    client_id: c.clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    ...params,
  });
}

export interface ProofOptions {
  nonce?: string;
  accessToken?: string;
  ath?: string;
  jti?: string;
  iat?: number;
}

export async function dpopProof(keys: CryptoKeyPair, htm: string, htu: string, o: ProofOptions = {}): Promise<string> {
  const jwk: JWK = await exportJWK(keys.publicKey);
  const claims: Record<string, unknown> = {
    htm,
    htu,
    jti: o.jti ?? randomUUID(),
    iat: o.iat ?? Math.floor(Date.now() / 1000),
  };
  if (o.nonce) claims.nonce = o.nonce;
  if (o.ath) claims.ath = o.ath;
  else if (o.accessToken) claims.ath = createHash('sha256').update(o.accessToken).digest('base64url');
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk }).sign(keys.privateKey);
}

export async function postForm(url: string, form: URLSearchParams, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}
