// A client written from NHN's documents and libraries, NOT from our own client or openid-client:
// plain fetch + jose, forms built by hand. The header `typ` is chosen per test: `JWT` as HelseID's
// documentation page on client assertions shows it, `client-authentication+jwt` as NHN's libraries
// (HelseID.Library, HelseID.Samples) send it. `useDpopNonceResend` plays HelseID.Library.Java's
// TokenEndpoint: on use_dpop_nonce it re-sends the IDENTICAL form — same client assertion, same jti —
// with a new proof carrying the nonce.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { exportJWK, importJWK, SignJWT, type JWK } from 'jose';
import type { EnvironmentInfo } from '../../../authority/environment.ts';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface NhnClient {
  clientId: string;
  issuer: string;
  discovery: Record<string, unknown>;
  key: CryptoKey;
  jwk: JWK;
  dpopKeys: CryptoKeyPair;
}

export async function nhnClient(info: EnvironmentInfo): Promise<NhnClient> {
  const registered = info.clients[0]!;
  const jwk = JSON.parse(await readFile(registered.private_jwk_path, 'utf8')) as JWK;
  const discovery = (await (await fetch(`${info.authority}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >;
  const dpopKeys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  return {
    clientId: registered.client_id,
    issuer: String(discovery.issuer),
    discovery,
    key: (await importJWK(jwk, jwk.alg)) as CryptoKey,
    jwk,
    dpopKeys,
  };
}

export interface AssertionShape {
  typ?: string | null;
  aud?: string;
  /** HelseID's documentation once showed iat as a string */
  iat?: number | string;
  jti?: string;
}

export async function assertion(c: NhnClient, o: AssertionShape = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header: Record<string, unknown> = { alg: c.jwk.alg, kid: c.jwk.kid };
  if (o.typ !== null) header.typ = o.typ ?? 'JWT';
  return new SignJWT({
    sub: c.clientId,
    iat: (o.iat ?? now) as number,
    jti: o.jti ?? randomUUID().replaceAll('-', ''),
    nbf: now,
    exp: now + 60,
    iss: c.clientId,
    aud: o.aud ?? c.issuer,
  })
    .setProtectedHeader(header as { alg: string })
    .sign(c.key);
}

export async function proof(c: NhnClient, htu: string, nonce?: string, jti = randomUUID()): Promise<string> {
  const jwk = await exportJWK(c.dpopKeys.publicKey);
  return new SignJWT({ htm: 'POST', htu, jti, iat: Math.floor(Date.now() / 1000), ...(nonce ? { nonce } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .sign(c.dpopKeys.privateKey);
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function post(url: string, form: URLSearchParams, headers: Record<string, string> = {}): Promise<Answer> {
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

/** The form with client authentication, as NHN's libraries build it. */
export function authForm(
  c: NhnClient,
  clientAssertion: string,
  params: Record<string, string | string[]>,
): URLSearchParams {
  const form = new URLSearchParams({
    client_id: c.clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: clientAssertion,
  });
  for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) form.append(k, one);
  return form;
}

/**
 * HelseID.Library.Java's TokenEndpoint.sendRequest: the form is built ONCE (one assertion, one jti);
 * the first send's proof has no nonce; on use_dpop_nonce the same form goes again with a new proof
 * carrying the server's nonce. Returns both answers.
 */
export async function useDpopNonceResend(
  c: NhnClient,
  url: string,
  form: URLSearchParams,
): Promise<{ first: Answer; second: Answer }> {
  const first = await post(url, form, { DPoP: await proof(c, url) });
  const nonce = first.headers.get('dpop-nonce') ?? undefined;
  const second = await post(url, form, { DPoP: await proof(c, url, nonce) });
  return { first, second };
}
