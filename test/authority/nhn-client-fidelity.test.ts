// The embedded HelseID tried as a vendor's developer would: with a client built from NHN's documents
// and libraries (support/nhn-client.ts: plain fetch + jose, not our client, not openid-client). It
// must take what HelseID takes and refuse what it refuses, saying which rule failed. The environment
// runs with HELSEID_RULES (as lenient as HelseID); strict mode is switched on where a test says so.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, exportJWK, SignJWT } from 'jose';
import { HELSEID_RULES } from '../../authority/rules.ts';
import { startTestEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { CALLBACK } from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';
import { KARI } from './support/logins.ts';
import {
  assertion,
  authForm,
  nhnClient,
  post,
  proof,
  useDpopNonceResend,
  type NhnClient,
} from './support/nhn-client.ts';

let env: TestEnvironment;
let nhn: NhnClient;
let parUrl: string;
let tokenUrl: string;
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

beforeAll(async () => {
  // explicitly NOT strict: this file plays clients written from NHN's documents
  env = await startTestEnvironment({ rules: HELSEID_RULES });
  nhn = await nhnClient(env.info);
  parUrl = String(nhn.discovery.pushed_authorization_request_endpoint);
  tokenUrl = String(nhn.discovery.token_endpoint);
});
afterEach(() => {
  env.rules.reset();
  env.faults.reset();
});
afterAll(() => env?.stop());

const person = () => env.api('person');
const parParams = (extra: Record<string, string> = {}) => ({
  response_type: 'code',
  redirect_uri: CALLBACK,
  state: 'st',
  nonce: 'no',
  scope: `openid profile offline_access helseid://scopes/identity/pid helseid://scopes/identity/security_level helseid://scopes/hpr/hpr_number ${person().scopes[0]}`,
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  resource: person().resource,
  acr_values: 'idp:testidp-oidc',
  test_pid: KARI,
  ...extra,
});
const machineParams = () => ({
  grant_type: 'client_credentials',
  resource: env.api('registry').resource,
  scope: env.api('registry').scopes[0]!,
});

/** PAR (without DPoP), then the browser leg through TestIdP; the callback URL. */
async function loginUntilCallback(extra: Record<string, string> = {}, browser = new CookieBrowser()): Promise<URL> {
  const pushed = await post(parUrl, authForm(nhn, await assertion(nhn), parParams(extra)));
  expect(pushed.status).toBe(201);
  const authorize = new URL(String(nhn.discovery.authorization_endpoint));
  authorize.searchParams.set('client_id', nhn.clientId);
  authorize.searchParams.set('request_uri', String(pushed.body.request_uri));
  const stop = await browser.visit(authorize, CALLBACK);
  expect(stop.kind).toBe('callback');
  return stop.url;
}

async function redeem(code: string) {
  const form = authForm(nhn, await assertion(nhn), {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CALLBACK,
    code_verifier: VERIFIER,
    resource: person().resource,
  });
  return useDpopNonceResend(nhn, tokenUrl, form);
}

describe('client assertions as NHN documents show them', () => {
  it('assertion_withTypJwt_asHelseIdsDocumentationShows_isAccepted', async () => {
    expect((await post(parUrl, authForm(nhn, await assertion(nhn, { typ: 'JWT' }), parParams()))).status).toBe(201);
  });

  it('assertion_withoutTyp_isAccepted_andWithNhnLibrariesTyp_too', async () => {
    expect((await post(parUrl, authForm(nhn, await assertion(nhn, { typ: null }), parParams()))).status).toBe(201);
    expect(
      (await post(parUrl, authForm(nhn, await assertion(nhn, { typ: 'client-authentication+jwt' }), parParams())))
        .status,
    ).toBe(201);
  });

  it('assertion_withTypJwt_inStrictMode_isRefusedNamingTheTypRule_andTheLogSaysTheSame', async () => {
    env.rules.set({ strictAssertionTyp: true });
    const res = await post(parUrl, authForm(nhn, await assertion(nhn, { typ: 'JWT' }), parParams()));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.body.error_description).toMatch(/"typ" must be "client-authentication\+jwt" \(strict mode\)/);
    expect(env.logLines.at(-1)).toContain(String(res.body.error_description));
  });

  it('assertion_withOtherTyp_isRefusedNamingTheAcceptedValues', async () => {
    const res = await post(parUrl, authForm(nhn, await assertion(nhn, { typ: 'at+jwt' }), parParams()));
    expect(res.body.error_description).toMatch(/"typ" must be "client-authentication\+jwt" or "JWT"/);
  });

  it('assertion_withTokenEndpointAudience_isRefusedNamingTheIssuerRule_unlessLegacyKnob', async () => {
    const refused = await post(parUrl, authForm(nhn, await assertion(nhn, { aud: tokenUrl }), parParams()));
    expect(refused.status).toBe(401);
    expect(refused.body.error_description).toContain(`"aud" must be the issuer (${env.info.authority})`);
    env.rules.set({ legacyAssertionAudience: true });
    expect((await post(parUrl, authForm(nhn, await assertion(nhn, { aud: tokenUrl }), parParams()))).status).toBe(201);
    // the issuer with a trailing slash, as the documentation's example decodes to, is legacy too
    expect(
      (await post(parUrl, authForm(nhn, await assertion(nhn, { aud: `${env.info.authority}/` }), parParams()))).status,
    ).toBe(201);
  });

  it('assertion_withIatAsString_asAnOlderDocumentationVersionShows_isRefusedNamingIat', async () => {
    const res = await post(
      parUrl,
      authForm(nhn, await assertion(nhn, { iat: String(Math.floor(Date.now() / 1000)) }), parParams()),
    );
    expect(res.status).toBe(401);
    expect(res.body.error_description).toMatch(/"iat" must be a number/);
  });

  it('assertion_reused_isRefusedNamingTheJtiRule', async () => {
    const once = await assertion(nhn);
    expect((await post(parUrl, authForm(nhn, once, parParams()))).status).toBe(201);
    const again = await post(parUrl, authForm(nhn, once, parParams()));
    expect(again.body.error_description).toMatch(/"jti" was already used/);
  });

  it('cardBackChannel_takesTheSameAssertionRules_typJwtAcceptedAudienceNamed', async () => {
    const card = `${env.info.authority}/connect/card/challenge`;
    const lenient = await post(
      card,
      authForm(nhn, await assertion(nhn, { typ: 'JWT' }), { request_uri: 'urn:ietf:params:oauth:request_uri:none' }),
    );
    expect(lenient.body.error).toBe('invalid_request'); // authenticated; the request_uri is what is wrong
    const wrongAud = await post(
      card,
      authForm(nhn, await assertion(nhn, { aud: tokenUrl }), { request_uri: 'urn:ietf:params:oauth:request_uri:none' }),
    );
    expect(wrongAud).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_description: expect.stringMatching(/"aud" must be the issuer/) },
    });
  });
});

describe('use_dpop_nonce consumes nothing', () => {
  it('token_javaLibraryResend_sameAssertionSameJti_succeedsAfterUseDpopNonce', async () => {
    const form = authForm(nhn, await assertion(nhn, { typ: 'client-authentication+jwt' }), machineParams());
    const { first, second } = await useDpopNonceResend(nhn, tokenUrl, form);
    expect(first).toMatchObject({ status: 400, body: { error: 'use_dpop_nonce' } });
    expect(first.body.error_description).toMatch(/nonce/);
    expect(second.status).toBe(200);
    expect(second.body.token_type).toBe('DPoP');
  });

  it('par_javaStyleResend_sameAssertion_succeedsAfterUseDpopNonce', async () => {
    const { first, second } = await useDpopNonceResend(nhn, parUrl, authForm(nhn, await assertion(nhn), parParams()));
    expect(first.body.error).toBe('use_dpop_nonce');
    expect(second.status).toBe(201);
  });

  it('codeRedemption_answeredUseDpopNonce_theCodeAndAssertionStillWork', async () => {
    const callback = await loginUntilCallback();
    const { first, second } = await redeem(callback.searchParams.get('code')!);
    expect(first.body.error).toBe('use_dpop_nonce');
    expect(second.status).toBe(200);
    expect(decodeJwt(String(second.body.access_token)).aud).toBe(person().resource);
  });

  it('refresh_answeredUseDpopNonce_theRefreshTokenStaysValid', async () => {
    const callback = await loginUntilCallback();
    const tokens = (await redeem(callback.searchParams.get('code')!)).second.body;
    const form = authForm(nhn, await assertion(nhn), {
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      resource: person().resource,
    });
    const { first, second } = await useDpopNonceResend(nhn, tokenUrl, form);
    expect(first.body.error).toBe('use_dpop_nonce');
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(tokens.refresh_token);
  });

  it('proofJti_ofTheChallengedRequest_isNotBurned', async () => {
    const jti = crypto.randomUUID();
    const form = () => assertion(nhn).then((a) => authForm(nhn, a, machineParams()));
    const first = await post(tokenUrl, await form(), { DPoP: await proof(nhn, tokenUrl, undefined, jti) });
    expect(first.body.error).toBe('use_dpop_nonce');
    const second = await post(tokenUrl, await form(), {
      DPoP: await proof(nhn, tokenUrl, first.headers.get('dpop-nonce')!, jti),
    });
    expect(second.status).toBe(200);
  });

  it('revocation_asksForNoNonce_soNoChallengeCanConsumeItsAssertion', async () => {
    const callback = await loginUntilCallback();
    const tokens = (await redeem(callback.searchParams.get('code')!)).second.body;
    const url = String(nhn.discovery.revocation_endpoint);
    const form = authForm(nhn, await assertion(nhn), {
      token: String(tokens.refresh_token),
      token_type_hint: 'refresh_token',
    });
    expect((await post(url, form, { DPoP: await proof(nhn, url) })).status).toBe(200);
  });
});

describe('TestIdP takes any well-formed national id number', () => {
  const loginAs = async (params: Record<string, string>) => {
    const callback = await loginUntilCallback(params);
    if (callback.searchParams.get('error'))
      return { error: callback.searchParams.get('error'), description: callback.searchParams.get('error_description') };
    const at = decodeJwt(String((await redeem(callback.searchParams.get('code')!)).second.body.access_token));
    const id = decodeJwt(
      String((await redeem((await loginUntilCallback(params)).searchParams.get('code')!)).second.body.id_token),
    );
    return { at, id };
  };

  it('testIdp_withNhnExampleNumber13116900216_logsInWithAStableMadeUpNameAndNoHpr', async () => {
    const first = await loginAs({ test_pid: '13116900216' });
    expect(first.at?.['helseid://claims/identity/pid']).toBe('13116900216');
    expect(first.at?.['helseid://claims/hpr/hpr_number']).toBeUndefined();
    expect(first.id?.name).toMatch(/^\p{L}+ \p{L}+$/u);
    const again = await loginAs({ test_pid: '13116900216' });
    expect(again.id?.name).toBe(first.id?.name);
  });

  it.each([
    ['D-number', '41017010083'],
    ['H-number', '01517010010'],
    ['synthetic (month + 80)', '01897010085'],
  ])('testIdp_with%s_logsIn', async (_kind, pid) => {
    expect((await loginAs({ test_pid: pid })).at?.['helseid://claims/identity/pid']).toBe(pid);
  });

  it('testIdp_builtInPerson_keepsNameAndHpr', async () => {
    const kari = await loginAs({ test_pid: KARI });
    expect(kari.id).toMatchObject({ name: 'Kari Nordmann', 'helseid://claims/hpr/hpr_number': '9144900' });
  });

  it('testIdp_withTestHprNumber_givesThatHprNumber', async () => {
    expect(
      (await loginAs({ test_pid: '13116900216', test_hpr_number: '565501872' })).at?.[
        'helseid://claims/hpr/hpr_number'
      ],
    ).toBe('565501872');
  });

  it('testIdp_withTestSecurityLevel3_issuesLevel3', async () => {
    expect(
      (await loginAs({ test_pid: '13116900216', test_security_level: '3' })).at?.[
        'helseid://claims/identity/security_level'
      ],
    ).toBe('3');
  });

  it('testIdp_with123_isAccessDeniedNamingTestPid_andTheLogSaysTheSame', async () => {
    const res = await loginAs({ test_pid: '123' });
    expect(res.error).toBe('access_denied');
    expect(res.description).toMatch(/test_pid must be a Norwegian national id number .*11 digits/);
    expect(env.logLines.some((l) => l.includes(res.description!))).toBe(true);
  });

  it('testIdp_withWrongCheckDigit_isRefusedNamingTheCheckDigit', async () => {
    expect((await loginAs({ test_pid: '13116900217' })).description).toMatch(/second check digit/);
  });

  it('testIdp_withBadSecurityLevelOrHpr_isRefusedNamingTheParameter', async () => {
    expect((await loginAs({ test_pid: '13116900216', test_security_level: '5' })).description).toMatch(
      /test_security_level must be 2, 3 or 4/,
    );
    expect((await loginAs({ test_pid: '13116900216', test_hpr_number: 'abc' })).description).toMatch(/test_hpr_number/);
  });
});

describe('discovery like production', () => {
  it('discovery_matchesProductionsShape_parFlagFalseButParEnforcedForTheClient', async () => {
    expect(nhn.discovery.issuer).toBe(env.info.authority);
    expect(String(nhn.discovery.issuer).endsWith('/')).toBe(false);
    expect(nhn.discovery.require_pushed_authorization_requests).toBe(false);
    expect(nhn.discovery.available_idps).toBe(`${env.info.authority}/connect/availableidps`);
    expect(nhn.discovery.dpop_signing_alg_values_supported).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
      'ES256',
      'ES384',
      'ES512',
    ]);
    // the flag says false, yet this client must push: an authorize request without PAR is refused
    const url = new URL(String(nhn.discovery.authorization_endpoint));
    for (const [k, v] of Object.entries({ ...parParams(), client_id: nhn.clientId })) url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location') ?? '';
    expect(location).not.toMatch(/\/interaction\//);
    expect(location ? new URL(location).searchParams.get('error_description') : await res.text()).toMatch(
      /[Pp]ushed [Aa]uthorization [Rr]equest/,
    );
  });

  it('tokenResponse_withRejectScopeKnob_carriesRejectedScope_andTheTokenLacksIt', async () => {
    env.faults.set({ rejectScopes: ['helseid://scopes/hpr/hpr_number'] });
    const callback = await loginUntilCallback({ test_pid: KARI });
    const body = (await redeem(callback.searchParams.get('code')!)).second.body;
    expect(body.rejected_scope).toBe('helseid://scopes/hpr/hpr_number');
    expect(decodeJwt(String(body.access_token))['helseid://claims/hpr/hpr_number']).toBeUndefined();
  });

  it('tokenResponse_withRejectScopeKnob_onSsoReuse_carriesRejectedScope_andTheTokensLackIt', async () => {
    const browser = new CookieBrowser();
    const first = await redeem((await loginUntilCallback({ test_pid: KARI }, browser)).searchParams.get('code')!);
    expect(first.second.body.rejected_scope).toBeUndefined();
    // the second login in the same browser rides the SSO session: no new TestIdP interaction
    env.faults.set({ rejectScopes: ['helseid://scopes/hpr/hpr_number'] });
    const loginsBefore = env.logLines.filter((l) => l.startsWith('login via')).length;
    const body = (await redeem((await loginUntilCallback({ test_pid: KARI }, browser)).searchParams.get('code')!))
      .second.body;
    expect(env.logLines.filter((l) => l.startsWith('login via')).length).toBe(loginsBefore);
    expect(body.rejected_scope).toBe('helseid://scopes/hpr/hpr_number');
    expect(decodeJwt(String(body.access_token))['helseid://claims/hpr/hpr_number']).toBeUndefined();
    expect(decodeJwt(String(body.id_token))['helseid://claims/hpr/hpr_number']).toBeUndefined();
    // and the other way round: a login after the knob is cleared gets the scope back, without rejected_scope
    env.faults.reset();
    const third = (await redeem((await loginUntilCallback({ test_pid: KARI }, browser)).searchParams.get('code')!))
      .second.body;
    expect(third.rejected_scope).toBeUndefined();
    expect(decodeJwt(String(third.access_token))['helseid://claims/hpr/hpr_number']).toBe('9144900');
  });
});

describe('refusals name the rule', () => {
  it('pkce_wrongVerifier_saysTheVerifierDoesNotMatch', async () => {
    const callback = await loginUntilCallback();
    const form = authForm(nhn, await assertion(nhn), {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: CALLBACK,
      code_verifier: 'x'.repeat(43),
      resource: person().resource,
    });
    const { second } = await useDpopNonceResend(nhn, tokenUrl, form);
    expect(second.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/code_verifier does not match code_challenge/),
    });
    expect(env.logLines.some((l) => l.includes('grant.error: invalid_grant') && l.includes('code_verifier'))).toBe(
      true,
    );
  });

  it('resource_unknown_saysWhichResource', async () => {
    const form = authForm(nhn, await assertion(nhn), {
      grant_type: 'client_credentials',
      resource: 'nhn:nobody',
      scope: 'x',
    });
    const { second } = await useDpopNonceResend(nhn, tokenUrl, form);
    expect(second.body.error_description).toMatch(/nhn:nobody/);
  });
});

describe('end session as HelseID documents it (End Session endpoint page)', () => {
  const LOGGED_OUT = 'http://127.0.0.1:49153/logged-out';

  async function loggedInBrowser() {
    const browser = new CookieBrowser();
    const tokens = (await redeem((await loginUntilCallback({ test_pid: KARI }, browser)).searchParams.get('code')!))
      .second.body;
    return { browser, idToken: String(tokens.id_token) };
  }

  it('endSession_postedFormWithIdTokenHint_endsTheSessionAndReturnsToThePostLogoutUriWithState', async () => {
    const { browser, idToken } = await loggedInBrowser();
    const form = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state: 'bye' });
    const stop = await browser.visit(String(nhn.discovery.end_session_endpoint), LOGGED_OUT, 10, form);
    expect(stop.kind).toBe('callback');
    expect(stop.url.searchParams.get('state')).toBe('bye');
    // the session is over: the next authorization in this browser needs a new TestIdP login
    const loginsBefore = env.logLines.filter((l) => l.startsWith('login via')).length;
    await loginUntilCallback({ test_pid: KARI }, browser);
    expect(env.logLines.filter((l) => l.startsWith('login via')).length).toBe(loginsBefore + 1);
  });

  it('endSession_withClientIdInsteadOfIdTokenHint_asksOnce_inEnglishOrBokmal_thenReturnsToThePostLogoutUri', async () => {
    const { browser } = await loggedInBrowser();
    const url = new URL(String(nhn.discovery.end_session_endpoint));
    url.searchParams.set('client_id', nhn.clientId);
    url.searchParams.set('post_logout_redirect_uri', LOGGED_OUT);
    url.searchParams.set('state', 'st2');
    const en = await browser.visit(`${url.href}&ui_locales=en`, LOGGED_OUT);
    expect(en.kind).toBe('page');
    expect(en.body).toContain('Do you want to log out of HelseID?');
    const nb = await browser.visit(url, LOGGED_OUT);
    expect(nb.body).toContain('Vil du logge ut av HelseID?');
    // the person answers yes: the page's form with its hidden fields and the "yes" button
    const action = /<form[^>]*action="([^"]+)"/.exec(nb.body)![1]!.replace(/&amp;/g, '&');
    const fields = new URLSearchParams();
    for (const m of nb.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields.append(m[1]!, m[2]!);
    if (!fields.has('logout')) fields.set('logout', 'yes');
    const stop = await browser.visit(new URL(action, nb.url), LOGGED_OUT, 10, fields);
    expect(stop.kind).toBe('callback');
    expect(stop.url.searchParams.get('state')).toBe('st2');
  });
});

describe('refusals name the rule: DPoP and PAR', () => {
  it('dpopProof_forAnotherMethod_isRefusedNamingHtm', async () => {
    const form = authForm(nhn, await assertion(nhn), machineParams());
    const first = await post(tokenUrl, form, { DPoP: await proof(nhn, tokenUrl) });
    const nonce = first.headers.get('dpop-nonce')!;
    const jwk = await exportJWK(nhn.dpopKeys.publicKey);
    const wrong = await new SignJWT({
      htm: 'GET',
      htu: tokenUrl,
      jti: crypto.randomUUID(),
      iat: Math.floor(Date.now() / 1000),
      nonce,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .sign(nhn.dpopKeys.privateKey);
    const res = await post(tokenUrl, form, { DPoP: wrong });
    expect(res.body.error).toBe('invalid_dpop_proof');
    expect(String(res.body.error_description)).toMatch(/htm/);
  });

  it('par_withoutCodeChallenge_isRefusedNamingPkce', async () => {
    const params = parParams();
    const { code_challenge: _c, ...withoutPkce } = params;
    const res = await post(parUrl, authForm(nhn, await assertion(nhn), withoutPkce));
    expect(res.status).toBe(400);
    expect(String(res.body.error_description)).toMatch(/code_challenge/);
  });
});
