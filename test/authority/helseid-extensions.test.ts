// HelseID's own mechanisms: token exchange through the front API, the child organization number
// and the Tillitsrammeverk parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { desktopClient, type DesktopClient } from './support/desktop-client.ts';
import { testIdpTokens } from './support/logins.ts';

const TR = {
  type: 'nhn:tillitsrammeverk:parameters',
  practitioner: {
    authorization: { code: 'LE', system: 'urn:oid:2.16.578.1.12.4.1.1.9060' },
    legal_entity: { id: '912345678', system: 'urn:oid:2.16.578.1.12.4.1.4.101' },
    point_of_care: { id: '912345679', system: 'urn:oid:2.16.578.1.12.4.1.4.101' },
  },
  care_relationship: { purpose_of_use: { code: 'TREAT', system: 'urn:oid:2.16.840.1.113883.1.11.20448' } },
};
const CHILD_SINGLE = {
  type: 'helseid_authorization',
  practitioner_role: {
    organization: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', type: 'ENH', value: '987654321' } },
  },
};
const CHILD_MULTI = {
  type: 'helseid_authorization',
  practitioner_role: {
    organization: { identifier: { system: 'urn:oid:1.0.6523', type: 'ENH', value: 'NO:ORGNR:911111111:922222222' } },
  },
};

let env: TestEnvironment;
let desktop: DesktopClient;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
});
afterAll(() => env?.stop());

async function callApi(c: DesktopClient, accessToken: string, url: string) {
  const res = await client
    .fetchProtectedResource(c.config, accessToken, new URL(url), 'GET', undefined, undefined, { DPoP: c.dpop })
    .catch((err: unknown) => (err as { response?: Response }).response ?? Promise.reject(err));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('token exchange', () => {
  it('frontApi_exchangesUserTokenForBackApi_withActAndOriginalClientId', async () => {
    const tokens = await testIdpTokens(env, desktop, { apis: ['front'] });
    const res = await callApi(desktop, tokens.access_token, `${env.api('front').url}/api/front/overview`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      back: {
        accepted: {
          act: { client_id: 'helseid-desktop-front-api' },
          original_client_id: desktop.clientId,
          pid: '13827099842',
          aud: env.api('back').resource,
          client_id: 'helseid-desktop-front-api',
        },
      },
    });
  });

  it('tokenExchange_byClientThatIsNoActor_isNotPermitted', async () => {
    const tokens = await testIdpTokens(env, desktop, { apis: ['front'] });
    await expect(
      client.genericGrantRequest(
        desktop.config,
        'urn:ietf:params:oauth:grant-type:token-exchange',
        {
          subject_token: tokens.access_token,
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          scope: env.api('back').scopes[0]!,
        },
        { DPoP: desktop.dpop },
      ),
    ).rejects.toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/not permitted/) });
  });
});

describe('child organization number in the client assertion', () => {
  for (const claimName of ['assertion_details', 'authorization_details']) {
    it(`refresh_withSingleTenantChildOrgnrIn_${claimName}_addsOrgnrClaims`, async () => {
      const tokens = await testIdpTokens(env, desktop);
      const withChild = await desktopClient(env.info, { [claimName]: [CHILD_SINGLE] }, desktop.dpopKeys);
      const refreshed = await client.refreshTokenGrant(
        withChild.config,
        tokens.refresh_token!,
        { resource: env.api('person').resource },
        { DPoP: withChild.dpop },
      );
      expect(decodeJwt(refreshed.access_token)).toMatchObject({
        'helseid://claims/client/claims/orgnr_parent': '912345678',
        'helseid://claims/client/claims/orgnr_child': '987654321',
        'helseid://claims/client/client_tenancy': 'single-tenant',
      });
    });
  }

  it('refresh_withMultiTenantChildOrgnr_addsParentChildAndSupplier', async () => {
    const tokens = await testIdpTokens(env, desktop);
    const withChild = await desktopClient(env.info, { assertion_details: CHILD_MULTI }, desktop.dpopKeys);
    const refreshed = await client.refreshTokenGrant(
      withChild.config,
      tokens.refresh_token!,
      { resource: env.api('person').resource },
      { DPoP: withChild.dpop },
    );
    expect(decodeJwt(refreshed.access_token)).toMatchObject({
      'helseid://claims/client/claims/orgnr_parent': '911111111',
      'helseid://claims/client/claims/orgnr_child': '922222222',
      'helseid://claims/client/claims/orgnr_supplier': '912345678',
      'helseid://claims/client/client_tenancy': 'multi-tenant',
    });
  });
});

describe('Tillitsrammeverk parameters', () => {
  const recordUrl = () => `${env.api('record').url}/api/record/summary`;

  it('recordApi_withoutTillitsrammeverk_refusesWithClearError', async () => {
    const tokens = await testIdpTokens(env, desktop, { apis: ['record'] });
    const res = await callApi(desktop, tokens.access_token, recordUrl());
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      error: 'insufficient_claims',
      error_description: expect.stringMatching(/Tillitsrammeverk/),
    });
  });

  it('recordApi_withTillitsrammeverkInPar_acceptsEveryTokenOfTheLogin', async () => {
    const tokens = await testIdpTokens(env, desktop, {
      apis: ['record', 'person'],
      extra: { authorization_details: JSON.stringify([TR]) },
    });
    expect((await callApi(desktop, tokens.access_token, recordUrl())).body).toMatchObject({
      accepted: { legal_entity: '912345678', purpose_of_use: 'TREAT' },
    });
    const refreshed = await client.refreshTokenGrant(
      desktop.config,
      tokens.refresh_token!,
      { resource: env.api('record').resource },
      { DPoP: desktop.dpop },
    );
    expect((await callApi(desktop, refreshed.access_token, recordUrl())).status).toBe(200);
  });

  it('refresh_withTillitsrammeverkInAssertion_appliesToThatResponseOnly', async () => {
    const tokens = await testIdpTokens(env, desktop, { apis: ['record'] });
    const withTr = await desktopClient(env.info, { assertion_details: [TR] }, desktop.dpopKeys);
    const once = await client.refreshTokenGrant(
      withTr.config,
      tokens.refresh_token!,
      { resource: env.api('record').resource },
      { DPoP: withTr.dpop },
    );
    expect((await callApi(desktop, once.access_token, recordUrl())).status).toBe(200);
    const plain = await client.refreshTokenGrant(
      desktop.config,
      once.refresh_token!,
      { resource: env.api('record').resource },
      { DPoP: desktop.dpop },
    );
    expect((await callApi(desktop, plain.access_token, recordUrl())).status).toBe(403);
  });

  it('refresh_withTillitsrammeverkInParAndAssertion_isHidDoubleStructureAndKeepsTheRefreshToken', async () => {
    const tokens = await testIdpTokens(env, desktop, {
      apis: ['record'],
      extra: { authorization_details: JSON.stringify([TR]) },
    });
    const withTr = await desktopClient(env.info, { assertion_details: [TR] }, desktop.dpopKeys);
    await expect(
      client.refreshTokenGrant(
        withTr.config,
        tokens.refresh_token!,
        { resource: env.api('record').resource },
        { DPoP: withTr.dpop },
      ),
    ).rejects.toMatchObject({
      error: 'access_denied',
      error_description: expect.stringMatching(/^HID-DOUBLE-STRUCTURE/),
    });
    // refused before rotation: the same refresh token still works (a consumed one would be invalid_grant)
    const retried = await client.refreshTokenGrant(
      desktop.config,
      tokens.refresh_token!,
      { resource: env.api('record').resource },
      { DPoP: desktop.dpop },
    );
    expect((await callApi(desktop, retried.access_token, recordUrl())).status).toBe(200);
  });
});
