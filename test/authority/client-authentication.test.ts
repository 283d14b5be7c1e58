// HelseID's client and request rules at PAR and the token endpoint: private_key_jwt with its typ,
// audience, lifetime and single-use jti; PAR required; PKCE S256 only; DPoP with server nonces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { CALLBACK, type DesktopClient } from './support/desktop-client.ts';
import { clientAssertion, clientAuthForm, dpopProof, postForm } from './support/raw-requests.ts';

let env: TestEnvironment;
let desktop: DesktopClient;
let par: string;
let token: string;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
  par = `${env.info.authority}/connect/par`;
  token = `${env.info.authority}/connect/token`;
});
afterAll(() => env?.stop());

const PAR_PARAMS = {
  response_type: 'code',
  redirect_uri: CALLBACK,
  scope: 'openid',
  state: 's',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
};

async function pushWith(options: Parameters<typeof clientAssertion>[2], params: Record<string, string> = PAR_PARAMS) {
  return postForm(par, clientAuthForm(desktop, await clientAssertion(desktop, env.info.authority, options), params));
}

describe('client authentication and request rules', () => {
  it('par_withHelseIdAssertion_returnsRequestUri', async () => {
    const res = await pushWith({});
    expect(res.status).toBe(201);
    expect(res.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });

  it('par_withAssertionAudienceTokenEndpoint_isRefusedUnlessTheLegacyKnobIsOn', async () => {
    const refused = await pushWith({ aud: token });
    expect(refused.status).toBe(401);
    expect(refused.body.error_description).toMatch(/"aud" must be the issuer .*not the token endpoint URL/);
    env.rules.set({ legacyAssertionAudience: true });
    try {
      expect((await pushWith({ aud: token })).status).toBe(201);
    } finally {
      env.rules.reset();
    }
  });

  it('par_withWrongAssertionAudience_isInvalidClient', async () => {
    const res = await pushWith({ aud: 'https://helseid-sts.nhn.no' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('par_withAssertionWithoutTyp_isInvalidClientInStrictMode', async () => {
    const res = await pushWith({ typ: null });
    expect(res.body).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringMatching(/"typ" must be "client-authentication\+jwt" \(strict mode\)/),
    });
  });

  it('par_withExpiredAssertion_isInvalidClient', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await pushWith({ iat: now - 120, exp: now - 90 })).body.error).toBe('invalid_client');
  });

  it('par_withAssertionLivingLongerThan60s_isInvalidClient', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await pushWith({ iat: now, exp: now + 300 })).body.error).toBe('invalid_client');
  });

  it('par_withReusedAssertionJti_isInvalidClient', async () => {
    const assertion = await clientAssertion(desktop, env.info.authority);
    expect((await postForm(par, clientAuthForm(desktop, assertion, PAR_PARAMS))).status).toBe(201);
    const again = await postForm(par, clientAuthForm(desktop, assertion, PAR_PARAMS));
    expect(again.body.error).toBe('invalid_client');
  });

  it('par_withPlainPkce_isRefused', async () => {
    const res = await pushWith({}, { ...PAR_PARAMS, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('par_withoutPkce_isRefused', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = PAR_PARAMS;
    expect((await pushWith({}, noPkce)).body.error).toBe('invalid_request');
  });

  it('authorize_withoutPar_isRefused', async () => {
    const url = new URL(`${env.info.authority}/connect/authorize`);
    for (const [k, v] of Object.entries({ ...PAR_PARAMS, client_id: desktop.clientId })) url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location') ?? '';
    const text = await res.text();
    expect(location.startsWith(CALLBACK) ? new URL(location).searchParams.get('error') : text).toMatch(
      /invalid_request/,
    );
    expect(location).not.toMatch(/\/interaction\//);
  });

  it('token_firstDpopRequestWithoutNonce_getsUseDpopNonceThenSucceedsWithIt', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const params = {
      grant_type: 'client_credentials',
      resource: env.api('person').resource,
      scope: env.api('person').scopes[0]!,
    };
    const first = await postForm(
      token,
      clientAuthForm(desktop, await clientAssertion(desktop, env.info.authority), params),
      { DPoP: await dpopProof(keys, 'POST', token) },
    );
    expect(first.status).toBe(400);
    expect(first.body.error).toBe('use_dpop_nonce');
    const nonce = first.headers.get('dpop-nonce')!;
    expect(nonce).toBeTruthy();
    const second = await postForm(
      token,
      clientAuthForm(desktop, await clientAssertion(desktop, env.info.authority), params),
      { DPoP: await dpopProof(keys, 'POST', token, { nonce }) },
    );
    expect(second.status).toBe(200);
    expect(second.body.token_type).toBe('DPoP');
  });

  it('token_withDpopHtuCarryingQuery_isInvalidDpopProof', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const res = await postForm(
      token,
      clientAuthForm(desktop, await clientAssertion(desktop, env.info.authority), { grant_type: 'client_credentials' }),
      { DPoP: await dpopProof(keys, 'POST', `${token}?x=1`) },
    );
    expect(res.body.error).toBe('invalid_dpop_proof');
  });

  it('token_withoutDpop_isRefusedForDpopBoundClient', async () => {
    const res = await postForm(
      token,
      clientAuthForm(desktop, await clientAssertion(desktop, env.info.authority), { grant_type: 'client_credentials' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/invalid_(request|dpop_proof|grant)/);
  });
});
