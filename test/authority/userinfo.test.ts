// Userinfo as the emulator serves it: HelseID's identity claims for the login's access token. The
// desktop client's tokens are DPoP-bound (dpop_bound_access_tokens), so userinfo wants the DPoP
// scheme with a proof, as every other DPoP-protected endpoint; Bearer is refused.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { CALLBACK, pushLogin, redeemCode, type DesktopClient } from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';
import { KARI } from './support/logins.ts';

let env: TestEnvironment;
let desktop: DesktopClient;
beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
});
afterAll(() => env?.stop());

/** Login only (PAR without resource): its access token is for userinfo, the only "API" it names. */
async function loginOnly() {
  const pushed = await pushLogin(desktop, {
    resources: [],
    acrValues: 'idp:testidp-oidc',
    extra: { test_pid: KARI },
    scope:
      'openid profile helseid://scopes/identity/pid helseid://scopes/identity/security_level helseid://scopes/hpr/hpr_number',
  });
  const stop = await new CookieBrowser().visit(pushed.url, CALLBACK);
  return redeemCode(desktop, pushed, stop.url, undefined);
}

describe('userinfo', () => {
  it('userinfo_withDpopBoundAccessTokenAndProof_returnsHelseIdClaims', async () => {
    const tokens = await loginOnly();
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    const claims = await client.fetchUserInfo(desktop.config, tokens.access_token, tokens.claims()!.sub, {
      DPoP: desktop.dpop,
    });
    expect(claims).toMatchObject({
      name: 'Kari Nordmann',
      given_name: 'Kari',
      family_name: 'Nordmann',
      'helseid://claims/identity/pid': KARI,
      'helseid://claims/identity/security_level': '4',
      'helseid://claims/hpr/hpr_number': '9144900',
    });
  });

  it('userinfo_withDpopBoundAccessTokenAsBearer_isRefused', async () => {
    const tokens = await loginOnly();
    const res = await fetch(`${env.info.authority}/connect/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_token' });
    expect(res.headers.get('www-authenticate')).toMatch(/^DPoP /);
  });
});
