// A raw HTTP client of the Selvbetjening API and HelseID, written from NHN's documentation and
// samples (Selvbetjening.Samples, HelseID.Library) — not from the app's code: RSA keys with a random
// 32-hex kid and alg PS256, drafts with the api-key header, the confirmation page, and client
// credentials with private_key_jwt + DPoP for the nhn:selvbetjening/client scope.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import * as client from 'openid-client';
import { startEnvironment, type EmbeddedEnvironment, type EnvironmentInfo } from '../../../authority/environment.ts';
import type { SelvbetjeningKnobs } from '../../../authority/selvbetjening/knobs.ts';
import { CALLBACK, helseIdAssertion, type DesktopClient } from './desktop-client.ts';
import { dpopProof } from './raw-requests.ts';
import { seededStateDir } from '../../support/seeded-state.ts';

export const SELVBETJENING_SCOPE = 'nhn:selvbetjening/client';

/** A settable clock for key expiry and the client-cache delay: tests never wait for wall-clock time. */
export class FakeClock {
  #ms = Date.now();
  readonly now = () => this.#ms;
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export interface SelvbetjeningEnv extends EmbeddedEnvironment {
  stateDir: string;
  logLines: string[];
  clock: FakeClock;
  apiKey: string;
}

export async function startSelvbetjeningEnv(
  knobs: Partial<SelvbetjeningKnobs> = {},
  stateDir?: string,
  clock = new FakeClock(),
): Promise<SelvbetjeningEnv> {
  const dir = stateDir ?? (await seededStateDir('helseid-selvbetjening-test-'));
  const logLines: string[] = [];
  const env = await startEnvironment({
    stateDir: dir,
    log: (line) => logLines.push(line),
    selvbetjening: { clientCacheDelayMs: 0, now: clock.now, ...knobs },
  });
  return {
    ...env,
    stateDir: dir,
    logLines,
    clock,
    apiKey: readFileSync(env.info.selvbetjening.api_key_path, 'utf8').trim(),
  };
}

export interface KeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
  kid: string;
}

/** As HelseID.Library's KeyManagementService: RSA, a random 32-hex kid, alg PS256 (2048 bits here, for speed). */
export async function newRsaKey(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('PS256', { modulusLength: 2048, extractable: true });
  const kid = randomBytes(16).toString('hex');
  const meta = { kid, alg: 'PS256', use: 'sig' };
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
    kid,
  };
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Record<string, unknown> & { [key: string]: unknown };
  headers: Headers;
  text: string;
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body, headers: res.headers, text };
}

export const CONFIRM_REDIRECT = 'http://127.0.0.1:53999/selvbetjening-callback';

export function draftBody(key: KeyPair, encoding: 'object' | 'string', overrides: Record<string, unknown> = {}) {
  return {
    organizationNumber: '912345688',
    publicJwk: encoding === 'object' ? key.publicJwk : JSON.stringify(key.publicJwk),
    apiScopes: [SELVBETJENING_SCOPE, 'nhn:helseid-desktop/person-api/read', 'nhn:helseid-desktop/registry-api/read'],
    audienceSpecificClientClaims: null,
    redirectUris: ['http://127.0.0.1/callback'],
    postLogoutRedirectUris: ['http://127.0.0.1/logged-out'],
    childOrganizationNumbers: ['987654325'],
    postClientConfirmationRedirectUri: CONFIRM_REDIRECT,
    ...overrides,
  };
}

/** `apiKey: null` sends no api-key header at all. */
export async function postDraft(
  env: SelvbetjeningEnv,
  body: unknown,
  apiKey: string | null = env.apiKey,
): Promise<HttpAnswer> {
  return http(`${env.info.selvbetjening.api_url}/v1/client-drafts`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(apiKey === null ? {} : { 'api-key': apiKey }),
    },
    body: JSON.stringify(body),
  });
}

/**
 * Opens the confirmation page and submits its `data-follow-submit` form the way a headless
 * follower does: every `<input name value>` plus the pressed button's name and value.
 */
export async function answerConfirmation(
  env: SelvbetjeningEnv,
  clientId: string,
  choice: 'confirm' | 'refuse' = 'confirm',
  pid?: string,
): Promise<{ page: string; answer: HttpAnswer }> {
  const pageUrl = `${env.info.selvbetjening.web_url}/confirm-client/${clientId}`;
  const page = await (await fetch(pageUrl)).text();
  const form = /<form[^>]*action="([^"]+)"[^>]*data-follow-submit[^>]*>([\s\S]*?)<\/form>/.exec(page);
  if (!form) throw new Error(`no data-follow-submit form on ${pageUrl}`);
  const fields = new URLSearchParams();
  for (const m of form[2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields.set(m[1]!, m[2]!);
  if (pid !== undefined) fields.set('pid', pid);
  const button =
    choice === 'confirm'
      ? /<button[^>]*name="([^"]+)"[^>]*value="([^"]+)"[^>]*data-follow-default/.exec(form[2]!)
      : /<button[^>]*name="([^"]+)"[^>]*value="(refuse)"/.exec(form[2]!);
  if (!button) throw new Error(`no ${choice} button on ${pageUrl}`);
  fields.set(button[1]!, button[2]!);
  const answer = await http(new URL(form[1]!.replace(/&amp;/g, '&'), pageUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields,
  });
  return { page, answer };
}

/** A draft created and confirmed; returns the client id and its key. */
export async function provisionClient(
  env: SelvbetjeningEnv,
  overrides: Record<string, unknown> = {},
): Promise<{ clientId: string; key: KeyPair }> {
  const key = await newRsaKey();
  const created = await postDraft(env, draftBody(key, 'object', overrides));
  if (created.status !== 200) throw new Error(`draft refused: ${created.text}`);
  const clientId = created.body.clientId as string;
  const { answer } = await answerConfirmation(env, clientId);
  if (!answer.headers.get('location')?.includes('status=Success'))
    throw new Error(`confirmation failed: ${answer.status} ${answer.headers.get('location')}`);
  return { clientId, key };
}

export async function clientAssertionFor(
  info: EnvironmentInfo,
  clientId: string,
  key: JWK,
  extraClaims: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...extraClaims, jti: randomUUID(), nbf: now })
    .setProtectedHeader({ alg: key.alg!, kid: key.kid, typ: 'client-authentication+jwt' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(info.authority)
    .setIssuedAt(now)
    .setExpirationTime(now + 30)
    .sign(await importJWK(key, key.alg));
}

export interface MachineTokenRequest {
  scope: string;
  resource?: string;
  /** structured claims for the client assertion (assertion_details …) */
  assertionClaims?: Record<string, unknown>;
}

/** NHN's structure for a child organization in the client assertion (single-tenant form). */
export function childOrganization(orgnr: string): Record<string, unknown> {
  return {
    assertion_details: [
      {
        type: 'helseid_authorization',
        practitioner_role: {
          organization: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', type: 'ENH', value: orgnr } },
        },
      },
    ],
  };
}

/** client_credentials with private_key_jwt and DPoP, answering use_dpop_nonce once (as NHN's SystemAuthenticator). */
export async function clientCredentials(
  info: EnvironmentInfo,
  clientId: string,
  key: JWK,
  r: MachineTokenRequest,
  dpopKeys?: CryptoKeyPair,
) {
  const keys = dpopKeys ?? (await client.randomDPoPKeyPair('ES256'));
  const tokenUrl = `${info.authority}/connect/token`;
  let nonce: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      scope: r.scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertionFor(info, clientId, key, r.assertionClaims),
      ...(r.resource ? { resource: r.resource } : {}),
    });
    const answer = await http(tokenUrl, {
      method: 'POST',
      body: form,
      headers: { DPoP: await dpopProof(keys, 'POST', tokenUrl, nonce ? { nonce } : {}) },
    });
    if (answer.status === 400 && answer.body.error === 'use_dpop_nonce' && !nonce) {
      nonce = answer.headers.get('dpop-nonce') ?? undefined;
      continue;
    }
    return { ...answer, dpopKeys: keys };
  }
  throw new Error('use_dpop_nonce twice');
}

/** A Selvbetjening API call with a DPoP-bound token (Authorization: DPoP …, a proof with ath). */
export async function selvbetjeningCall(
  info: EnvironmentInfo,
  method: string,
  pathName: string,
  token: { access_token: string; dpopKeys: CryptoKeyPair },
  body?: unknown,
): Promise<HttpAnswer> {
  const url = `${info.selvbetjening.api_url}${pathName}`;
  return http(url, {
    method,
    headers: {
      authorization: `DPoP ${token.access_token}`,
      DPoP: await dpopProof(token.dpopKeys, method, url, { accessToken: token.access_token }),
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A Selvbetjening token for the client (scope nhn:selvbetjening/client, no resource, as NHN's samples ask). */
export async function selvbetjeningToken(info: EnvironmentInfo, clientId: string, key: JWK) {
  const answer = await clientCredentials(info, clientId, key, { scope: SELVBETJENING_SCOPE });
  if (answer.status !== 200) throw new Error(`no Selvbetjening token: ${answer.text}`);
  return { access_token: answer.body.access_token as string, dpopKeys: answer.dpopKeys };
}

/** The provisioned client as an openid-client desktop client, for logins through PAR (support/desktop-client.ts). */
export async function provisionedDesktopClient(
  info: EnvironmentInfo,
  clientId: string,
  key: JWK,
): Promise<DesktopClient> {
  const privateKey = (await importJWK(key, key.alg)) as CryptoKey;
  const config = await client.discovery(
    new URL(info.authority),
    clientId,
    { dpop_bound_access_tokens: true },
    client.PrivateKeyJwt(
      { key: privateKey, kid: key.kid },
      { [client.modifyAssertion]: (header) => helseIdAssertion(header) },
    ),
    { execute: [client.allowInsecureRequests] },
  );
  const dpopKeys = await client.randomDPoPKeyPair('ES256');
  return { config, clientId, privateKey, privateJwk: key, dpopKeys, dpop: client.getDPoPHandle(config, dpopKeys) };
}

export { CALLBACK };
