// The emulator's side of two HelseID usage patterns besides "log in and call APIs":
// - login only: a PAR without `resource` is redeemed without `resource` (HelseID's "resource is
//   required" rule applies only when resources were requested — the other case is refused);
// - machine access: client_credentials with private_key_jwt, DPoP (nonce first), `resource` and
//   `scope`, and the child organization in the client assertion in both tenancy forms.
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { CALLBACK, desktopClient, IDENTITY_SCOPES, pushLogin, redeemCode } from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';
import { KARI } from './support/logins.ts';

let env: TestEnvironment;
beforeAll(async () => {
  env = await startTestEnvironment();
});
afterAll(() => env?.stop());

const CLAIM = {
  parent: 'helseid://claims/client/claims/orgnr_parent',
  child: 'helseid://claims/client/claims/orgnr_child',
  supplier: 'helseid://claims/client/claims/orgnr_supplier',
  tenancy: 'helseid://claims/client/client_tenancy',
};

function orgDetail(system: string, value: string) {
  return {
    assertion_details: [
      {
        type: 'helseid_authorization',
        practitioner_role: { organization: { identifier: { system, type: 'ENH', value } } },
      },
    ],
  };
}

async function machineToken(extraAssertionClaims?: Record<string, unknown>) {
  const desktop = await desktopClient(env.info, extraAssertionClaims);
  const registry = env.api('registry');
  const response = await client.clientCredentialsGrant(
    desktop.config,
    { resource: registry.resource, scope: registry.scopes.join(' ') },
    { DPoP: desktop.dpop },
  );
  return { response, claims: decodeJwt(response.access_token) };
}

describe('login only (no resource)', () => {
  it('codeRedemption_withoutResource_whenNoneWasRequested_isAccepted', async () => {
    const desktop = await desktopClient(env.info);
    const pushed = await pushLogin(desktop, {
      resources: [],
      scope:
        'openid profile helseid://scopes/identity/pid helseid://scopes/identity/security_level helseid://scopes/hpr/hpr_number',
      acrValues: 'idp:testidp-oidc',
      extra: { test_pid: KARI },
    });
    const stop = await new CookieBrowser().visit(pushed.url, CALLBACK);
    const tokens = await redeemCode(desktop, pushed, stop.url, undefined);
    expect(tokens.claims()).toMatchObject({
      'helseid://claims/identity/pid': KARI,
      'helseid://claims/identity/security_level': '4',
      name: 'Kari Nordmann',
    });
    expect(tokens.refresh_token).toBeUndefined(); // no offline_access asked for
  });

  it('codeRedemption_withoutResource_whenResourcesWereRequested_isInvalidTarget', async () => {
    const desktop = await desktopClient(env.info);
    const person = env.api('person');
    const pushed = await pushLogin(desktop, {
      resources: [person.resource],
      scope: `${IDENTITY_SCOPES} ${person.scopes.join(' ')}`,
      acrValues: 'idp:testidp-oidc',
      extra: { test_pid: KARI },
    });
    const stop = await new CookieBrowser().visit(pushed.url, CALLBACK);
    await expect(redeemCode(desktop, pushed, stop.url, undefined)).rejects.toMatchObject({ error: 'invalid_target' });
  });
});

describe('client credentials', () => {
  it('clientCredentials_withDpopAndResource_issuesMachineTokenWithClientClaimsOnly', async () => {
    const { response, claims } = await machineToken();
    expect(response.token_type.toLowerCase()).toBe('dpop');
    expect(claims).toMatchObject({
      aud: 'nhn:helseid-desktop/registry-api',
      client_id: 'helseid-desktop-embedded',
      sub: 'helseid-desktop-embedded',
      scope: ['nhn:helseid-desktop/registry-api/read'],
      [CLAIM.parent]: '912345678',
      [CLAIM.tenancy]: 'single-tenant',
    });
    expect(claims.cnf).toHaveProperty('jkt');
    for (const c of [
      'helseid://claims/identity/pid',
      'helseid://claims/identity/security_level',
      'name',
      'sid',
      'idp',
      CLAIM.child,
    ])
      expect(claims).not.toHaveProperty(c);
    expect(response.refresh_token).toBeUndefined();
  });

  it('clientCredentials_withoutDpopNonce_getsUseDpopNonceFirst', async () => {
    const desktop = await desktopClient(env.info);
    const registry = env.api('registry');
    const { dpopProof, clientAssertion, clientAuthForm, postForm } = await import('./support/raw-requests.ts');
    const tokenUrl = `${env.info.authority}/connect/token`;
    const form = clientAuthForm(desktop, await clientAssertion(desktop, env.info.authority), {
      grant_type: 'client_credentials',
      resource: registry.resource,
      scope: registry.scopes[0]!,
    });
    const res = await postForm(tokenUrl, form, { DPoP: await dpopProof(desktop.dpopKeys, 'POST', tokenUrl) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('use_dpop_nonce');
    expect(res.headers.get('dpop-nonce')).toBeTruthy();
  });

  it('clientCredentials_withSingleTenantChildOrg_carriesParentAndChild', async () => {
    const { claims } = await machineToken(orgDetail('urn:oid:2.16.578.1.12.4.1.4.101', '987654321'));
    expect(claims).toMatchObject({
      [CLAIM.parent]: '912345678',
      [CLAIM.child]: '987654321',
      [CLAIM.tenancy]: 'single-tenant',
    });
  });

  it('clientCredentials_withMultiTenantChildOrg_carriesCustomerParentChildAndSupplier', async () => {
    const { claims } = await machineToken(orgDetail('urn:oid:1.0.6523', 'NO:ORGNR:911111111:922222222'));
    expect(claims).toMatchObject({
      [CLAIM.parent]: '911111111',
      [CLAIM.child]: '922222222',
      [CLAIM.supplier]: '912345678',
      [CLAIM.tenancy]: 'multi-tenant',
    });
  });

  it('clientCredentials_withMalformedOrgIdentifier_isInvalidRequest', async () => {
    await expect(machineToken(orgDetail('urn:oid:2.16.578.1.12.4.1.4.101', '12345'))).rejects.toMatchObject({
      error: 'invalid_request',
    });
  });
});
