// The desktop app's side of the protocol, played by openid-client v6 as an independent client:
// discovery, private_key_jwt with HelseID's typ header, DPoP, PAR with several resources.
import { readFile } from 'node:fs/promises';
import * as client from 'openid-client';
import { importJWK, type JWK } from 'jose';
import type { EnvironmentInfo } from '../../../authority/environment.ts';

export const CALLBACK = 'http://127.0.0.1:53682/callback';
export const IDENTITY_SCOPES =
  'openid profile offline_access helseid://scopes/identity/pid helseid://scopes/identity/security_level helseid://scopes/hpr/hpr_number';

export interface DesktopClient {
  config: client.Configuration;
  clientId: string;
  privateKey: CryptoKey;
  privateJwk: JWK;
  dpopKeys: CryptoKeyPair;
  dpop: client.DPoPHandle;
}

export function helseIdAssertion(header: Record<string, unknown>): void {
  header.typ = 'client-authentication+jwt';
}

/**
 * `extraAssertionClaims`: structured claims (assertion_details …) put into every client assertion.
 * `clockSkewSeconds`: openid-client's correction for a PC clock that differs from the authority's.
 */
export async function desktopClient(
  info: EnvironmentInfo,
  extraAssertionClaims?: Record<string, unknown>,
  dpopKeys?: CryptoKeyPair,
  clockSkewSeconds = 0,
): Promise<DesktopClient> {
  const clientIndex = 0;
  const registered = info.clients[clientIndex]!;
  const privateJwk = JSON.parse(await readFile(registered.private_jwk_path, 'utf8')) as JWK;
  const privateKey = (await importJWK(privateJwk, privateJwk.alg)) as CryptoKey;
  const config = await client.discovery(
    new URL(info.authority),
    registered.client_id,
    { dpop_bound_access_tokens: true, [client.clockSkew]: clockSkewSeconds },
    client.PrivateKeyJwt(
      { key: privateKey, kid: privateJwk.kid },
      {
        [client.modifyAssertion]: (header, payload) => {
          helseIdAssertion(header);
          Object.assign(payload, extraAssertionClaims);
        },
      },
    ),
    { execute: [client.allowInsecureRequests] },
  );
  const keys = dpopKeys ?? (await client.randomDPoPKeyPair('ES256'));
  return {
    config,
    clientId: registered.client_id,
    privateKey,
    privateJwk,
    dpopKeys: keys,
    dpop: client.getDPoPHandle(config, keys),
  };
}

export interface LoginRequest {
  resources: string[];
  scope: string;
  acrValues?: string;
  extra?: Record<string, string>;
}

export interface PushedLogin {
  url: URL;
  requestUri: string;
  codeVerifier: string;
  state: string;
  nonce: string;
}

/** PAR with one `resource` per API (URLSearchParams.append, never a space-joined value). */
export async function pushLogin(c: DesktopClient, r: LoginRequest): Promise<PushedLogin> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const params = new URLSearchParams({
    redirect_uri: CALLBACK,
    scope: r.scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(r.acrValues ? { acr_values: r.acrValues } : {}),
    ...r.extra,
  });
  for (const resource of r.resources) params.append('resource', resource);
  const url = await client.buildAuthorizationUrlWithPAR(c.config, params, { DPoP: c.dpop });
  return { url, requestUri: url.searchParams.get('request_uri')!, codeVerifier, state, nonce };
}

export async function redeemCode(
  c: DesktopClient,
  pushed: PushedLogin,
  callbackUrl: URL,
  resource: string | undefined,
) {
  return client.authorizationCodeGrant(
    c.config,
    callbackUrl,
    {
      pkceCodeVerifier: pushed.codeVerifier,
      expectedState: pushed.state,
      expectedNonce: pushed.nonce,
      idTokenExpected: true,
    },
    resource ? { resource } : {},
    { DPoP: c.dpop },
  );
}
