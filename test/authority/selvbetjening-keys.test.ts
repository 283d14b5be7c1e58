// A provisioned client managing itself through the Selvbetjening API with its DPoP-bound
// nhn:selvbetjening/client token: GET /v1/client with per-scope status, key rotation through
// /v1/client-secret with several valid keys, expired keys refused wherever a client authenticates,
// and everything surviving a restart of the environment.
import { readFile, rm, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSERTION_TYPE } from '../../authority/provider/client-assertion.ts';
import {
  clientAssertionFor,
  clientCredentials,
  draftBody,
  http,
  newRsaKey,
  postDraft,
  provisionClient,
  selvbetjeningCall,
  selvbetjeningToken,
  SELVBETJENING_SCOPE,
  startSelvbetjeningEnv,
  type SelvbetjeningEnv,
} from './support/selvbetjening-client.ts';

const REGISTRY = { resource: 'nhn:helseid-desktop/registry-api', scope: 'nhn:helseid-desktop/registry-api/read' };
const PERSON_SCOPE = 'nhn:helseid-desktop/person-api/read';
const DAY = 24 * 3600;

let env: SelvbetjeningEnv;
beforeAll(async () => {
  env = await startSelvbetjeningEnv({ keyLifetimeSeconds: 30 * DAY });
});
afterAll(async () => {
  await env?.close();
  if (env) await rm(env.stateDir, { recursive: true, force: true });
});

describe('GET /v1/client', () => {
  it('getClient_showsEveryScopeOk_andTheDraftsConfiguration', async () => {
    const { clientId, key } = await provisionClient(env, {
      audienceSpecificClientClaims: [{ key: 'nhn:helseid-desktop/person-api/system', value: 'epj-1' }],
    });
    const answer = await selvbetjeningCall(
      env.info,
      'GET',
      '/v1/client',
      await selvbetjeningToken(env.info, clientId, key.privateJwk),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      apiScopes: [
        { scope: SELVBETJENING_SCOPE, status: 'ok', statusReason: null },
        { scope: PERSON_SCOPE, status: 'ok', statusReason: null },
        { scope: REGISTRY.scope, status: 'ok', statusReason: null },
      ],
      audienceSpecificClientClaims: [
        {
          claimType: 'nhn:helseid-desktop/person-api/system',
          activeClaimValue: 'epj-1',
          pendingClaimValue: null,
          status: 'ok',
          statusReason: null,
        },
      ],
      redirectUris: ['http://127.0.0.1/callback'],
      postLogoutRedirectUris: ['http://127.0.0.1/logged-out'],
      childOrganizationNumbers: ['987654325'],
    });
  });

  it('getClient_withPendingScopeKnob_showsThatScopePending_andTheTokenEndpointWithholdsIt', async () => {
    const { clientId, key } = await provisionClient(env);
    env.selvbetjening.set({ pendingScope: REGISTRY.scope });
    try {
      const answer = await selvbetjeningCall(
        env.info,
        'GET',
        '/v1/client',
        await selvbetjeningToken(env.info, clientId, key.privateJwk),
      );
      const scopes = answer.body.apiScopes as { scope: string; status: string; statusReason: string | null }[];
      expect(scopes.find((s) => s.scope === REGISTRY.scope)).toMatchObject({
        status: 'pending',
        statusReason: expect.stringMatching(/API owner's approval/),
      });
      expect(scopes.filter((s) => s.status === 'ok').map((s) => s.scope)).toEqual([SELVBETJENING_SCOPE, PERSON_SCOPE]);
      const token = await clientCredentials(env.info, clientId, key.privateJwk, {
        scope: REGISTRY.scope,
        resource: REGISTRY.resource,
      });
      expect(token.status).toBe(400);
      expect(token.body).toMatchObject({ error: 'invalid_target' });
      expect(token.body.error_description).toMatch(
        /waits for the API owner's approval \(Selvbetjening status "pending"\)/,
      );
    } finally {
      env.selvbetjening.set({ pendingScope: undefined });
    }
  });

  it('putClient_withAChangedAudienceClaim_showsUpdatePending', async () => {
    const claimType = 'nhn:helseid-desktop/person-api/system';
    const { clientId, key } = await provisionClient(env, {
      audienceSpecificClientClaims: [{ key: claimType, value: 'epj-1' }],
    });
    const token = await selvbetjeningToken(env.info, clientId, key.privateJwk);
    const put = await selvbetjeningCall(env.info, 'PUT', '/v1/client', token, {
      apiScopes: [SELVBETJENING_SCOPE, PERSON_SCOPE],
      audienceSpecificClientClaims: [{ key: claimType, value: 'epj-2' }],
      redirectUris: ['http://127.0.0.1/callback'],
      postLogoutRedirectUris: null,
      childOrganizationNumbers: null,
    });
    expect(put.status).toBe(200);
    const answer = await selvbetjeningCall(
      env.info,
      'GET',
      '/v1/client',
      await selvbetjeningToken(env.info, clientId, key.privateJwk),
    );
    expect(answer.body).toMatchObject({
      apiScopes: [
        { scope: SELVBETJENING_SCOPE, status: 'ok' },
        { scope: PERSON_SCOPE, status: 'ok' },
      ],
      audienceSpecificClientClaims: [
        { claimType, activeClaimValue: 'epj-1', pendingClaimValue: 'epj-2', status: 'updatePending' },
      ],
      postLogoutRedirectUris: [],
      childOrganizationNumbers: [],
    });
  });

  it('getClient_withoutToken_orWithBearer_isRefusedNamingTheRule', async () => {
    const url = `${env.info.selvbetjening.api_url}/v1/client`;
    const none = await http(url);
    expect(none.status).toBe(401);
    expect(none.contentType).toMatch(/^application\/problem\+json/);
    expect(none.body.detail).toMatch(/Authorization: DPoP <access token> is required/);
    const { clientId, key } = await provisionClient(env);
    const token = await selvbetjeningToken(env.info, clientId, key.privateJwk);
    const bearer = await http(url, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(bearer.status).toBe(401);
    expect(bearer.body.detail).toMatch(/only DPoP-bound tokens/);
  });

  it('getClient_withATokenForAnotherApi_isRefusedForItsAudience', async () => {
    const { clientId, key } = await provisionClient(env);
    const other = await clientCredentials(env.info, clientId, key.privateJwk, {
      scope: REGISTRY.scope,
      resource: REGISTRY.resource,
    });
    const answer = await selvbetjeningCall(env.info, 'GET', '/v1/client', {
      access_token: other.body.access_token as string,
      dpopKeys: other.dpopKeys,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.title).toBe('invalid_token');
  });
});

describe('/v1/client-secret', () => {
  it('clientSecret_postedInBothEncodings_givesExpiration_andGetListsAllKeysValid', async () => {
    const { clientId, key } = await provisionClient(env);
    const second = await newRsaKey();
    const third = await newRsaKey();
    // Selvbetjening.Samples posts the JWK as a JSON string; HelseID.Library posts the JWK object
    const asString = await selvbetjeningCall(
      env.info,
      'POST',
      '/v1/client-secret',
      await selvbetjeningToken(env.info, clientId, key.privateJwk),
      JSON.stringify(second.publicJwk),
    );
    expect(asString.status).toBe(200);
    expect(Date.parse(asString.body.expiration as string) - env.clock.now()).toBe(30 * DAY * 1000);
    const asObject = await selvbetjeningCall(
      env.info,
      'POST',
      '/v1/client-secret',
      await selvbetjeningToken(env.info, clientId, second.privateJwk),
      third.publicJwk,
    );
    expect(asObject.status).toBe(200);

    const list = await selvbetjeningCall(
      env.info,
      'GET',
      '/v1/client-secret',
      await selvbetjeningToken(env.info, clientId, third.privateJwk),
    );
    expect(list.status).toBe(200);
    const keys = list.body as unknown as { kid: string; expiration: string; jwkThumbprint: string; origin: string }[];
    expect(keys.map((k) => k.kid)).toEqual([key.kid, second.kid, third.kid]);
    expect(keys.map((k) => k.origin)).toEqual(['clientDraft', 'api', 'api']);
    for (const k of keys) {
      expect(Object.keys(k).sort()).toEqual(['expiration', 'jwkThumbprint', 'kid', 'origin']);
      expect(Date.parse(k.expiration)).toBeGreaterThan(env.clock.now());
    }
    // every one of them still signs a token: the old key keeps working until it expires
    for (const k of [key, second, third]) {
      expect((await clientCredentials(env.info, clientId, k.privateJwk, { scope: SELVBETJENING_SCOPE })).status).toBe(
        200,
      );
    }
  });

  it('clientSecret_withPrivateKeyOrTheSameKeyAgain_isRefusedWithAProblem', async () => {
    const { clientId, key } = await provisionClient(env);
    const token = await selvbetjeningToken(env.info, clientId, key.privateJwk);
    const other = await newRsaKey();
    const privateSent = await selvbetjeningCall(env.info, 'POST', '/v1/client-secret', token, other.privateJwk);
    expect(privateSent.status).toBe(400);
    expect(privateSent.body.detail).toMatch(/private key material/);
    expect(privateSent.text).not.toContain(other.privateJwk.d);
    const again = await selvbetjeningCall(
      env.info,
      'POST',
      '/v1/client-secret',
      await selvbetjeningToken(env.info, clientId, key.privateJwk),
      key.publicJwk,
    );
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already registered/);
  });
});

describe('expired keys', () => {
  it('expiredKey_isRefusedAtTokenEndpointParAndCardBackChannel_withKidAndExpiry_whileTheNewKeyWorks', async () => {
    env.selvbetjening.set({ keyLifetimeSeconds: 60 });
    let provisioned;
    try {
      provisioned = await provisionClient(env);
    } finally {
      env.selvbetjening.set({ keyLifetimeSeconds: 30 * DAY });
    }
    const { clientId, key } = provisioned;
    const next = await newRsaKey();
    expect(
      (
        await selvbetjeningCall(
          env.info,
          'POST',
          '/v1/client-secret',
          await selvbetjeningToken(env.info, clientId, key.privateJwk),
          next.publicJwk,
        )
      ).status,
    ).toBe(200);
    env.clock.advance(61_000);
    const expired = new RegExp(`the client's key "${key.kid}" expired at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z`);

    const token = await clientCredentials(env.info, clientId, key.privateJwk, { scope: SELVBETJENING_SCOPE });
    expect(token.status).toBe(401);
    expect(token.body).toMatchObject({ error: 'invalid_client' });
    expect(token.body.error_description).toMatch(expired);

    const parUrl = `${env.info.authority}/connect/par`;
    const par = await http(parUrl, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: clientId,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: await clientAssertionFor(env.info, clientId, key.privateJwk),
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:53682/callback',
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      }),
      // no DPoP proof: one without a nonce is answered use_dpop_nonce before client authentication
      // (nothing is consumed by that answer), and DPoP at PAR is optional
    });
    expect(par.status).toBe(401);
    expect(par.body.error_description).toMatch(expired);

    const card = await http(`${env.info.authority}/connect/card/challenge`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: clientId,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: await clientAssertionFor(env.info, clientId, key.privateJwk),
        request_uri: 'urn:ietf:params:oauth:request_uri:none',
      }),
    });
    expect(card.status).toBe(401);
    expect(card.body).toMatchObject({ error: 'invalid_client' });
    expect(card.body.error_description).toMatch(expired);

    expect((await clientCredentials(env.info, clientId, next.privateJwk, { scope: SELVBETJENING_SCOPE })).status).toBe(
      200,
    );
  });
});

describe('state and secrets', () => {
  it('restart_keepsClientsKeysAndTheApiKey', async () => {
    const own = await startSelvbetjeningEnv({ keyLifetimeSeconds: 30 * DAY });
    try {
      const { clientId, key } = await provisionClient(own);
      const next = await newRsaKey();
      await selvbetjeningCall(
        own.info,
        'POST',
        '/v1/client-secret',
        await selvbetjeningToken(own.info, clientId, key.privateJwk),
        next.publicJwk,
      );
      const draftOnly = (await postDraft(own, draftBody(await newRsaKey(), 'object'))).body.clientId as string;
      await own.close();

      const again = await startSelvbetjeningEnv({}, own.stateDir, own.clock);
      try {
        expect(again.apiKey).toBe(own.apiKey);
        expect((await stat(again.info.selvbetjening.api_key_path)).mode & 0o777).toBe(0o600);
        const list = await selvbetjeningCall(
          again.info,
          'GET',
          '/v1/client-secret',
          await selvbetjeningToken(again.info, clientId, next.privateJwk),
        );
        expect((list.body as unknown as { kid: string }[]).map((k) => k.kid)).toEqual([key.kid, next.kid]);
        expect(
          (
            await clientCredentials(again.info, clientId, key.privateJwk, {
              scope: REGISTRY.scope,
              resource: REGISTRY.resource,
            })
          ).status,
        ).toBe(200);
        // an unconfirmed draft survives too, and can still be confirmed after the restart
        const page = await fetch(`${again.info.selvbetjening.web_url}/confirm-client/${draftOnly}`);
        expect(page.status).toBe(200);
      } finally {
        await again.close();
      }
    } finally {
      await rm(own.stateDir, { recursive: true, force: true });
    }
  });

  it('environmentLog_holdsNoPrivateKeyMaterialNorTheApiKey', async () => {
    const { clientId, key } = await provisionClient(env);
    const next = await newRsaKey();
    await selvbetjeningCall(
      env.info,
      'POST',
      '/v1/client-secret',
      await selvbetjeningToken(env.info, clientId, key.privateJwk),
      next.publicJwk,
    );
    await postDraft(env, draftBody(await newRsaKey(), 'object', { publicJwk: next.privateJwk }));
    const readyMade = JSON.parse(await readFile(env.info.clients[0]!.private_jwk_path, 'utf8')) as { d: string };
    const log = env.logLines.join('\n');
    expect(log).toMatch(/selvbetjening: client .* got key/); // the log did record the flows
    for (const secret of [
      key.privateJwk.d,
      key.privateJwk.p,
      key.privateJwk.q,
      next.privateJwk.d,
      next.privateJwk.dp,
      readyMade.d,
      env.apiKey,
    ]) {
      expect(secret).toBeTruthy();
      expect(log).not.toContain(secret);
    }
    const stored = await readFile(`${env.stateDir}/selvbetjening/clients.json`, 'utf8');
    expect(stored).not.toContain(next.privateJwk.d);
    expect(stored).not.toMatch(/"d":/);
  });

  it('readyMadeClientKeyFile_isReadableByItsOwnerOnly', async () => {
    expect((await stat(env.info.clients[0]!.private_jwk_path)).mode & 0o777).toBe(0o600);
  });
});
