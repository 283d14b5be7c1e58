// `--issuer-path`: the authority served under a path, as HelseID's conformance-testing service
// ("samsvarstesting") gives each session an authority like https://…/<guid>. Tried with a client
// built from NHN's documents (support/nhn-client.ts): discovery under the path, client assertions
// whose `aud` is the issuer WITH its path, the login, the tokens' `iss`, the demo API's guard,
// refresh and revocation. Strict rules (the harness default): the NHN libraries' forms.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, exportJWK, SignJWT, calculateJwkThumbprint, base64url } from 'jose';
import { startTestEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { CALLBACK } from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';
import { KARI } from './support/logins.ts';
import { assertion, authForm, nhnClient, post, useDpopNonceResend, type NhnClient } from './support/nhn-client.ts';

const ISSUER_PATH = '/0982fa85-8bff-41bc-b464-e3fe4014a1c8';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
let env: TestEnvironment;
let nhn: NhnClient;

beforeAll(async () => {
  env = await startTestEnvironment({ issuerPath: ISSUER_PATH });
  nhn = await nhnClient(env.info);
});
afterAll(() => env?.stop());

const person = () => env.api('person');
const typ = 'client-authentication+jwt';

async function login(): Promise<URL> {
  const pushed = await post(
    String(nhn.discovery.pushed_authorization_request_endpoint),
    authForm(nhn, await assertion(nhn, { typ }), {
      response_type: 'code',
      redirect_uri: CALLBACK,
      state: 'st',
      nonce: 'no',
      acr_values: 'idp:testidp-oidc',
      test_pid: KARI,
      scope: `openid profile offline_access helseid://scopes/identity/pid helseid://scopes/identity/security_level ${person().scopes[0]}`,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      resource: person().resource,
    }),
  );
  expect(pushed.status, JSON.stringify(pushed.body)).toBe(201);
  const authorize = new URL(String(nhn.discovery.authorization_endpoint));
  authorize.searchParams.set('client_id', nhn.clientId);
  authorize.searchParams.set('request_uri', String(pushed.body.request_uri));
  const stop = await new CookieBrowser().visit(authorize, CALLBACK);
  expect(stop.kind).toBe('callback');
  return stop.url;
}

/** An API call as HelseID.Library's DPoPProofCreator for API requests builds it: proof with `ath`. */
async function callPersonApi(accessToken: string) {
  const url = `${person().url}/api/person/me`;
  const ath = base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))),
  );
  const jwk = await exportJWK(nhn.dpopKeys.publicKey);
  const dpop = await new SignJWT({ htm: 'GET', htu: url, jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ath })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .sign(nhn.dpopKeys.privateKey);
  return fetch(url, { headers: { Authorization: `DPoP ${accessToken}`, DPoP: dpop } });
}

describe('an issuer with a path (conformance testing)', () => {
  it('discovery_underTheIssuerPath_namesTheIssuerWithItsPathAndEveryEndpointUnderIt', () => {
    expect(nhn.issuer).toBe(env.info.authority);
    expect(new URL(nhn.issuer).pathname).toBe(ISSUER_PATH);
    for (const name of [
      'pushed_authorization_request_endpoint',
      'authorization_endpoint',
      'token_endpoint',
      'revocation_endpoint',
      'end_session_endpoint',
      'jwks_uri',
    ]) {
      expect(String(nhn.discovery[name]).startsWith(`${env.info.authority}/`), name).toBe(true);
    }
  });

  it('assertion_withTheBareOriginAsAudience_isRefusedNamingTheIssuerWithItsPath', async () => {
    const res = await post(
      String(nhn.discovery.pushed_authorization_request_endpoint),
      authForm(nhn, await assertion(nhn, { typ, aud: new URL(env.info.authority).origin }), {
        response_type: 'code',
        redirect_uri: CALLBACK,
        scope: 'openid',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
      }),
    );
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(String(res.body.error_description)).toContain('"aud"');
  });

  it('login_redeem_apiCall_refresh_revoke_underTheIssuerPath_asAnNhnClientDoesIt', async () => {
    const callback = await login();
    expect(callback.searchParams.get('iss')).toBe(env.info.authority);
    const tokenUrl = String(nhn.discovery.token_endpoint);
    const redeemed = (
      await useDpopNonceResend(
        nhn,
        tokenUrl,
        authForm(nhn, await assertion(nhn, { typ }), {
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code')!,
          redirect_uri: CALLBACK,
          code_verifier: VERIFIER,
          resource: person().resource,
        }),
      )
    ).second;
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    const at = decodeJwt(String(redeemed.body.access_token));
    expect(at.iss).toBe(env.info.authority);
    expect(at.aud).toBe(person().resource);
    expect((at.cnf as { jkt: string }).jkt).toBe(await calculateJwkThumbprint(await exportJWK(nhn.dpopKeys.publicKey)));
    expect(decodeJwt(String(redeemed.body.id_token)).iss).toBe(env.info.authority);

    // the demo API's guard expects the issuer with its path
    const api = await callPersonApi(String(redeemed.body.access_token));
    expect(api.status).toBe(200);

    const refreshed = (
      await useDpopNonceResend(
        nhn,
        tokenUrl,
        authForm(nhn, await assertion(nhn, { typ }), {
          grant_type: 'refresh_token',
          refresh_token: String(redeemed.body.refresh_token),
          resource: person().resource,
        }),
      )
    ).second;
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);

    const revocation = await post(
      String(nhn.discovery.revocation_endpoint),
      authForm(nhn, await assertion(nhn, { typ }), {
        token: String(refreshed.body.refresh_token),
        token_type_hint: 'refresh_token',
      }),
    );
    expect(revocation.status).toBe(200);
    const afterRevocation = (
      await useDpopNonceResend(
        nhn,
        tokenUrl,
        authForm(nhn, await assertion(nhn, { typ }), {
          grant_type: 'refresh_token',
          refresh_token: String(refreshed.body.refresh_token),
          resource: person().resource,
        }),
      )
    ).second;
    expect(afterRevocation.body.error).toBe('invalid_grant');
  });
});
