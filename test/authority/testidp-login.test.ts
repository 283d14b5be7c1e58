// The whole desktop journey against the embedded authority with TestIdP: PAR with two resources,
// code redemption for the first API, refresh for the second, a call to the person API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK } from 'jose';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { CALLBACK, IDENTITY_SCOPES, pushLogin, redeemCode, type DesktopClient } from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';

const KARI = '13827099842';
let env: TestEnvironment;
let desktop: DesktopClient;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
});
afterAll(() => env?.stop());

async function testIdpLogin(pid = KARI, extra: Record<string, string> = {}) {
  const person = env.api('person');
  const record = env.api('record');
  const pushed = await pushLogin(desktop, {
    resources: [person.resource, record.resource],
    scope: `${IDENTITY_SCOPES} ${person.scopes.join(' ')} ${record.scopes.join(' ')}`,
    acrValues: 'idp:testidp-oidc',
    extra: { test_pid: pid, test_security_level: '4', ...extra },
  });
  const stop = await new CookieBrowser().visit(pushed.url, CALLBACK);
  return { pushed, stop, person, record };
}

describe('TestIdP login', () => {
  it('login_withTestIdp_redirectsToLoopbackWithCodeStateAndIss', async () => {
    const { pushed, stop } = await testIdpLogin();
    expect(stop.kind).toBe('callback');
    expect(stop.url.searchParams.get('state')).toBe(pushed.state);
    expect(stop.url.searchParams.get('iss')).toBe(env.info.authority);
    expect(stop.url.searchParams.get('code')).toBeTruthy();
  });

  it('login_followingRedirectsWithoutCookies_reachesRedirectUri', async () => {
    const person = env.api('person');
    const pushed = await pushLogin(desktop, {
      resources: [person.resource],
      scope: `${IDENTITY_SCOPES} ${person.scopes[0]}`,
      acrValues: 'idp:testidp-oidc',
      extra: { test_pid: KARI },
    });
    let url = pushed.url;
    for (let i = 0; i < 6 && !url.href.startsWith(CALLBACK); i++) {
      const res = await fetch(url, { redirect: 'manual' });
      url = new URL(res.headers.get('location')!, url);
    }
    expect(url.href.startsWith(CALLBACK)).toBe(true);
    expect(url.searchParams.get('code')).toBeTruthy();
  });

  it('codeRedemption_withResource_givesDpopBoundJwtForThatApiOnly', async () => {
    const { pushed, stop, person } = await testIdpLogin();
    const tokens = await redeemCode(desktop, pushed, stop.url, person.resource);
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    expect(typeof tokens.rt_expires_in).toBe('number');
    expect(tokens.refresh_token).toBeTruthy();
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const at = decodeJwt(tokens.access_token);
    expect(at.aud).toBe(person.resource);
    expect(at.scope).toEqual(person.scopes);
    expect((at.cnf as { jkt: string }).jkt).toBe(
      await calculateJwkThumbprint(await exportJWK(desktop.dpopKeys.publicKey)),
    );
    expect(at.sid).toBeTruthy();
    expect(at['helseid://claims/identity/pid']).toBe(KARI);
    expect(at['helseid://claims/identity/security_level']).toBe('4');
    expect(at['helseid://claims/hpr/hpr_number']).toBe('9144900');
    expect(at).toMatchObject({ client_id: desktop.clientId, idp: 'testidp-oidc' });
    expect(at.sub).toBeTruthy();
  });

  it('idToken_carriesHelseIdClaims_signedRs256', async () => {
    const { pushed, stop, person } = await testIdpLogin();
    const tokens = await redeemCode(desktop, pushed, stop.url, person.resource);
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('RS256');
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      name: 'Kari Nordmann',
      given_name: 'Kari',
      family_name: 'Nordmann',
      idp: 'testidp-oidc',
      nonce: pushed.nonce,
      'helseid://claims/identity/pid': KARI,
      'helseid://claims/identity/security_level': '4',
      'helseid://claims/hpr/hpr_number': '9144900',
    });
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.sid).toBeTruthy();
  });

  it('refresh_withSecondResource_downscopesToThatApiAndRotates', async () => {
    const { pushed, stop, person, record } = await testIdpLogin();
    const first = await redeemCode(desktop, pushed, stop.url, person.resource);
    const second = await client.refreshTokenGrant(
      desktop.config,
      first.refresh_token!,
      { resource: record.resource },
      { DPoP: desktop.dpop },
    );
    const at = decodeJwt(second.access_token);
    expect(at.aud).toBe(record.resource);
    expect(at.scope).toEqual(record.scopes);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(typeof second.rt_expires_in).toBe('number');
    await expect(
      client.refreshTokenGrant(
        desktop.config,
        first.refresh_token!,
        { resource: person.resource },
        { DPoP: desktop.dpop },
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refresh_withAnotherDpopKey_isRefused', async () => {
    const { pushed, stop, person } = await testIdpLogin();
    const first = await redeemCode(desktop, pushed, stop.url, person.resource);
    const otherKey = client.getDPoPHandle(desktop.config, await client.randomDPoPKeyPair('ES256'));
    await expect(
      client.refreshTokenGrant(desktop.config, first.refresh_token!, { resource: person.resource }, { DPoP: otherKey }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('codeRedemption_withoutResource_isInvalidTarget', async () => {
    const { pushed, stop } = await testIdpLogin();
    await expect(redeemCode(desktop, pushed, stop.url, undefined)).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('codeRedemption_twice_isRefused', async () => {
    const { pushed, stop, person } = await testIdpLogin();
    await redeemCode(desktop, pushed, stop.url, person.resource);
    await expect(redeemCode(desktop, pushed, stop.url, person.resource)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('personApi_withDpopToken_showsAcceptedClaims', async () => {
    const { pushed, stop, person } = await testIdpLogin();
    const tokens = await redeemCode(desktop, pushed, stop.url, person.resource);
    const res = await client.fetchProtectedResource(
      desktop.config,
      tokens.access_token,
      new URL('/api/person/me', person.url),
      'GET',
      undefined,
      undefined,
      { DPoP: desktop.dpop },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: Record<string, unknown> };
    expect(body.accepted).toMatchObject({
      pid: KARI,
      hpr_number: '9144900',
      security_level: '4',
      aud: person.resource,
    });
  });

  it('testIdp_withUnknownPid_returnsAccessDeniedToRedirectUri', async () => {
    const { stop } = await testIdpLogin('01010199999');
    expect(stop.kind).toBe('callback');
    expect(stop.url.searchParams.get('error')).toBe('access_denied');
  });
});
