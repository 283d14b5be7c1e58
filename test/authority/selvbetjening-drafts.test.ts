// The emulated Selvbetjening's client drafts and confirmation page, driven as NHN's documentation
// and samples describe them (support/selvbetjening-client.ts), and what HelseID's token endpoint
// then knows: nothing for drafts and refused ones, the client after the cache delay.
import { rm } from 'node:fs/promises';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerConfirmation,
  childOrganization,
  clientAssertionFor,
  clientCredentials,
  http,
  CONFIRM_REDIRECT,
  draftBody,
  newRsaKey,
  postDraft,
  provisionClient,
  provisionedDesktopClient,
  SELVBETJENING_SCOPE,
  startSelvbetjeningEnv,
  type SelvbetjeningEnv,
} from './support/selvbetjening-client.ts';
import { CALLBACK, IDENTITY_SCOPES, pushLogin, redeemCode } from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';
import { KARI } from './support/logins.ts';
import { authToken, cardsOf, certificateDerBase64, signedData, signOnCard } from './support/card-signer.ts';
import { ASSERTION_TYPE } from '../../authority/provider/client-assertion.ts';

let env: SelvbetjeningEnv;
beforeAll(async () => {
  env = await startSelvbetjeningEnv();
});
afterAll(async () => {
  await env?.close();
  if (env) await rm(env.stateDir, { recursive: true, force: true });
});

const REGISTRY = { resource: 'nhn:helseid-desktop/registry-api', scope: 'nhn:helseid-desktop/registry-api/read' };

describe('POST /v1/client-drafts', () => {
  it('clientDraft_withPublicJwkAsJsonObject_returnsClientId', async () => {
    const answer = await postDraft(env, draftBody(await newRsaKey(), 'object'));
    expect(answer.status).toBe(200);
    expect(answer.body.clientId).toEqual(expect.any(String));
  });

  it('clientDraft_withPublicJwkAsJsonStringHoldingTheJwk_returnsClientId', async () => {
    const answer = await postDraft(env, draftBody(await newRsaKey(), 'string'));
    expect(answer.status).toBe(200);
    expect(answer.body.clientId).toEqual(expect.any(String));
  });

  it('clientDraft_withoutApiKey_is401ProblemNamingTheHeader', async () => {
    const answer = await postDraft(env, draftBody(await newRsaKey(), 'object'), null);
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(answer.body.detail).toMatch(/"api-key" header is missing/);
  });

  it('clientDraft_withWrongApiKey_is401Problem', async () => {
    const answer = await postDraft(env, draftBody(await newRsaKey(), 'object'), 'not-the-key');
    expect(answer.status).toBe(401);
    expect(answer.body.detail).toMatch(/does not hold a valid API key/);
    expect(env.logLines.join('\n')).not.toContain(env.apiKey);
  });

  it('clientDraft_fromMultiTenantClientSystem_is403Problem', async () => {
    env.selvbetjening.set({ clientSystemTenancy: 'multi-tenant' });
    try {
      const answer = await postDraft(env, draftBody(await newRsaKey(), 'object'));
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toMatch(/multi-tenant client system cannot create client drafts/);
    } finally {
      env.selvbetjening.set({ clientSystemTenancy: 'single-tenant' });
    }
  });

  it('clientDraft_withBrokenFields_isValidationProblemNamingEachField', async () => {
    const key = await newRsaKey();
    const answer = await postDraft(
      env,
      draftBody(key, 'object', {
        organizationNumber: '12345678',
        publicJwk: key.privateJwk,
        apiScopes: [SELVBETJENING_SCOPE, 'nhn:unknown/scope'],
        redirectUris: ['http://example.com/callback'],
        postClientConfirmationRedirectUri: undefined,
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 400, title: 'One or more validation errors occurred.' });
    const errors = answer.body.errors as Record<string, string[]>;
    expect(Object.keys(errors).sort()).toEqual([
      'apiScopes[1]',
      'organizationNumber',
      'postClientConfirmationRedirectUri',
      'publicJwk',
      'redirectUris[0]',
    ]);
    expect(errors.publicJwk![0]).toMatch(/private key material \("d"\)/);
    expect(errors.postClientConfirmationRedirectUri![0]).toBe('is required');
    expect(answer.body.detail).toMatch(/organizationNumber: expected an organization number of 9 digits/);
    // the private key the client wrongly sent is never echoed or logged
    expect(answer.text).not.toContain(key.privateJwk.d);
    expect(env.logLines.join('\n')).not.toContain(key.privateJwk.d);
  });

  it('clientDraft_whileTheSelvbetjeningIsDown_(fault)_is503_thenWorksAgain', async () => {
    env.faults.set({ endpoints: { selvbetjening: { status: 503, times: 1 } } });
    expect((await postDraft(env, draftBody(await newRsaKey(), 'object'))).status).toBe(503);
    expect((await postDraft(env, draftBody(await newRsaKey(), 'object'))).status).toBe(200);
  });

  it('clientDraft_withBodyThatIsNotJson_isProblem', async () => {
    const answer = await fetch(`${env.info.selvbetjening.api_url}/v1/client-drafts`, {
      method: 'POST',
      headers: { 'api-key': env.apiKey, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ detail: 'the request body is not valid JSON' });
  });
});

describe('the confirmation page', () => {
  it('confirmation_confirmed_redirectsToTheDraftsRedirectUriWithStatusSuccess', async () => {
    const created = await postDraft(env, draftBody(await newRsaKey(), 'object'));
    const clientId = created.body.clientId as string;
    const { page, answer } = await answerConfirmation(env, clientId);
    expect(page).toContain('lang="nb"');
    expect(page).toContain(clientId);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`${CONFIRM_REDIRECT}?status=Success`);
  });

  it('confirmation_page_hasAnEnglishVersion', async () => {
    const created = await postDraft(env, draftBody(await newRsaKey(), 'object'));
    const page = await (
      await fetch(`${env.info.selvbetjening.web_url}/confirm-client/${created.body.clientId as string}?lang=en`)
    ).text();
    expect(page).toContain('lang="en"');
    expect(page).toContain('Confirm a new HelseID client');
  });

  it('confirmation_refusedByThePerson_redirectsWithStatusCancelled_andHelseIdNeverKnowsTheClient', async () => {
    const key = await newRsaKey();
    const clientId = (await postDraft(env, draftBody(key, 'object'))).body.clientId as string;
    const { answer } = await answerConfirmation(env, clientId, 'refuse');
    expect(answer.headers.get('location')).toBe(`${CONFIRM_REDIRECT}?status=Cancelled`);
    const token = await clientCredentials(env.info, clientId, key.privateJwk, { scope: SELVBETJENING_SCOPE });
    expect(token.status).toBe(401);
    expect(token.body).toMatchObject({ error: 'invalid_client' });
    expect(token.body.error_description).toMatch(/was refused, not confirmed/);
  });

  it('confirmation_byPersonWithoutAltinnRole_redirectsWithStatusFailed', async () => {
    env.selvbetjening.set({ refuseNextConfirmation: true });
    const clientId = (await postDraft(env, draftBody(await newRsaKey(), 'object'))).body.clientId as string;
    const { answer } = await answerConfirmation(env, clientId);
    expect(answer.headers.get('location')).toBe(`${CONFIRM_REDIRECT}?status=Failed`);
    expect(env.selvbetjening.knobs.refuseNextConfirmation).toBe(false); // only the next one
    expect(env.logLines.join('\n')).toMatch(/no Altinn role for organization 912345688/);
  });

  it('confirmation_withUnknownTestPerson_showsThePageAgainWithAnError', async () => {
    const clientId = (await postDraft(env, draftBody(await newRsaKey(), 'object'))).body.clientId as string;
    const { answer } = await answerConfirmation(env, clientId, 'confirm', '01010199999');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Ukjent testperson');
  });
});

describe('HelseID and a new client', () => {
  it('tokenRequest_forUnconfirmedDraft_isInvalidClientSayingSo', async () => {
    const key = await newRsaKey();
    const clientId = (await postDraft(env, draftBody(key, 'object'))).body.clientId as string;
    const token = await clientCredentials(env.info, clientId, key.privateJwk, { scope: SELVBETJENING_SCOPE });
    expect(token.status).toBe(401);
    expect(token.body.error_description).toMatch(
      /not known to HelseID: it is a Selvbetjening client draft that has not been confirmed/,
    );
  });

  it('confirmedClient_isUnknownUntilTheCacheDelayPassed_thenGetsMachineTokensAndLogsIn', async () => {
    env.selvbetjening.set({ clientCacheDelayMs: 20_000 });
    let provisioned;
    try {
      provisioned = await provisionClient(env);
    } finally {
      env.selvbetjening.set({ clientCacheDelayMs: 0 });
    }
    const { clientId, key } = provisioned;
    const early = await clientCredentials(env.info, clientId, key.privateJwk, {
      scope: REGISTRY.scope,
      resource: REGISTRY.resource,
    });
    expect(early.status).toBe(401);
    expect(early.body).toMatchObject({ error: 'invalid_client' });
    expect(early.body.error_description).toMatch(
      /is not yet known to HelseID: .*client-configuration cache picks it up at .* \(in 20 s\)/,
    );

    env.clock.advance(20_000);
    const machine = await clientCredentials(env.info, clientId, key.privateJwk, {
      scope: REGISTRY.scope,
      resource: REGISTRY.resource,
    });
    expect(machine.status).toBe(200);
    expect(machine.body.token_type).toBe('DPoP');
    expect(decodeJwt(machine.body.access_token as string)).toMatchObject({
      aud: REGISTRY.resource,
      client_id: clientId,
      scope: [REGISTRY.scope],
      'helseid://claims/client/claims/orgnr_parent': '912345688',
    });

    const desktop = await provisionedDesktopClient(env.info, clientId, key.privateJwk);
    const person = env.info.apis.find((a) => a.name === 'person')!;
    const pushed = await pushLogin(desktop, {
      resources: [person.resource],
      scope: `${IDENTITY_SCOPES} ${person.scopes.join(' ')}`,
      acrValues: 'idp:testidp-oidc',
      extra: { test_pid: KARI },
    });
    const stop = await new CookieBrowser().visit(pushed.url, CALLBACK);
    expect(stop.kind).toBe('callback');
    const tokens = await redeemCode(desktop, pushed, stop.url, person.resource);
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      aud: person.resource,
      client_id: clientId,
      'helseid://claims/identity/pid': KARI,
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('refreshClientCache_makesAConfirmedClientKnownAtOnce', async () => {
    env.selvbetjening.set({ clientCacheDelayMs: 3_600_000 });
    try {
      const { clientId, key } = await provisionClient(env);
      await env.selvbetjening.refreshClientCache();
      const token = await clientCredentials(env.info, clientId, key.privateJwk, { scope: SELVBETJENING_SCOPE });
      expect(token.status).toBe(200);
    } finally {
      env.selvbetjening.set({ clientCacheDelayMs: 0 });
    }
  });

  it('selvbetjeningScope_byClientCredentials_withOrWithoutResource_hasTheSelvbetjeningAudience', async () => {
    const { clientId, key } = await provisionClient(env);
    for (const resource of [undefined, 'nhn:selvbetjening']) {
      const token = await clientCredentials(env.info, clientId, key.privateJwk, {
        scope: SELVBETJENING_SCOPE,
        ...(resource ? { resource } : {}),
      });
      expect(token.status).toBe(200);
      expect(decodeJwt(token.body.access_token as string)).toMatchObject({
        aud: 'nhn:selvbetjening',
        scope: [SELVBETJENING_SCOPE],
        client_id: clientId,
      });
    }
  });

  it('provisionedClient_askingForAnApiOutsideItsConfiguration_isInvalidTarget', async () => {
    const { clientId, key } = await provisionClient(env, { apiScopes: [SELVBETJENING_SCOPE] });
    const token = await clientCredentials(env.info, clientId, key.privateJwk, {
      scope: REGISTRY.scope,
      resource: REGISTRY.resource,
    });
    expect(token.status).toBe(400);
    expect(token.body).toMatchObject({ error: 'invalid_target' });
    expect(token.body.error_description).toMatch(
      /has no scope of nhn:helseid-desktop\/registry-api in its Selvbetjening configuration/,
    );
  });

  it('provisionedClient_assertingOneOfItsChildOrganizations_getsParentAndChild_anotherChildIsRefused', async () => {
    const { clientId, key } = await provisionClient(env, { childOrganizationNumbers: ['987654325'] });
    const own = await clientCredentials(env.info, clientId, key.privateJwk, {
      ...REGISTRY,
      assertionClaims: childOrganization('987654325'),
    });
    expect(own.status).toBe(200);
    expect(decodeJwt(own.body.access_token as string)).toMatchObject({
      'helseid://claims/client/claims/orgnr_parent': '912345688',
      'helseid://claims/client/claims/orgnr_child': '987654325',
      'helseid://claims/client/client_tenancy': 'single-tenant',
    });
    const other = await clientCredentials(env.info, clientId, key.privateJwk, {
      ...REGISTRY,
      assertionClaims: childOrganization('976543211'),
    });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ error: 'invalid_request' });
    expect(other.body.error_description).toMatch(
      /child organization 976543211 is not one of client .*'s child organization numbers \(987654325;/,
    );
  });
});

describe('a card login with a provisioned client', () => {
  it('provisionedClient_cardLoginThroughTheBackChannel_completesLikeTheReadyMadeClient', async () => {
    const { clientId, key } = await provisionClient(env);
    const desktop = await provisionedDesktopClient(env.info, clientId, key.privateJwk);
    const person = env.info.apis.find((a) => a.name === 'person')!;
    const pushed = await pushLogin(desktop, {
      resources: [person.resource],
      scope: `${IDENTITY_SCOPES} ${person.scopes.join(' ')}`,
      acrValues: 'idp:buypass-oidc bp:amr:sc',
    });
    const browser = new CookieBrowser();
    const page = await browser.visit(pushed.url, CALLBACK);
    expect(page.body).toContain('waiting-for-card');
    const backChannel = async (action: string, extra: Record<string, string> = {}) =>
      http(`${env.info.authority}/connect/card/${action}`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: clientId,
          client_assertion_type: ASSERTION_TYPE,
          client_assertion: await clientAssertionFor(env.info, clientId, key.privateJwk),
          request_uri: pushed.requestUri,
          ...extra,
        }),
      });
    const challenge = await backChannel('challenge');
    expect(challenge.status).toBe(200);
    const card = 'Buypass Kari Nordmann';
    const signature = await signOnCard(
      env.info,
      card,
      signedData(env.info.authority, challenge.body.challenge as string),
    );
    const ok = await backChannel('token', {
      auth_token: authToken(certificateDerBase64(await cardsOf(env.stateDir), card), signature),
    });
    expect(ok.body).toEqual({ status: 'ok' });
    const done = await browser.visit(page.url, CALLBACK);
    expect(done.kind).toBe('callback');
    const tokens = await redeemCode(desktop, pushed, done.url, person.resource);
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      client_id: clientId,
      idp: 'buypass-oidc',
      'helseid://claims/identity/pid': KARI,
    });
  });
});
