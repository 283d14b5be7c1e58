// SSO and its end: prompt=login forces a new authentication, revocation kills the refresh token,
// introspection reports it, end session returns to the loopback logged-out page, availableidps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { CALLBACK, IDENTITY_SCOPES, pushLogin, redeemCode, type DesktopClient } from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';
import { KARI, testIdpTokens } from './support/logins.ts';

const OLA = '02857199823';
let env: TestEnvironment;
let desktop: DesktopClient;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
});
afterAll(() => env?.stop());

async function loginIn(browser: CookieBrowser, pid: string, prompt?: string) {
  const person = env.api('person');
  const pushed = await pushLogin(desktop, {
    resources: [person.resource],
    scope: `${IDENTITY_SCOPES} ${person.scopes[0]}`,
    acrValues: 'idp:testidp-oidc',
    extra: { test_pid: pid, ...(prompt ? { prompt } : {}) },
  });
  const stop = await browser.visit(pushed.url, CALLBACK);
  return redeemCode(desktop, pushed, stop.url, person.resource);
}

describe('session lifecycle', () => {
  it('secondLogin_inSameBrowserWithoutPromptLogin_reusesSsoSession', async () => {
    const browser = new CookieBrowser();
    await loginIn(browser, KARI);
    const second = await loginIn(browser, OLA);
    expect(second.claims()!['helseid://claims/identity/pid']).toBe(KARI);
  });

  it('secondLogin_withPromptLogin_authenticatesTheNewPerson', async () => {
    const browser = new CookieBrowser();
    await loginIn(browser, KARI);
    const second = await loginIn(browser, OLA, 'login');
    expect(second.claims()!['helseid://claims/identity/pid']).toBe(OLA);
  });

  it('revokedRefreshToken_cannotBeUsed', async () => {
    const tokens = await testIdpTokens(env, desktop);
    await client.tokenRevocation(desktop.config, tokens.refresh_token!);
    await expect(
      client.refreshTokenGrant(
        desktop.config,
        tokens.refresh_token!,
        { resource: env.api('person').resource },
        { DPoP: desktop.dpop },
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('introspection_ofRefreshToken_isActive', async () => {
    const tokens = await testIdpTokens(env, desktop);
    const result = await client.tokenIntrospection(desktop.config, tokens.refresh_token!);
    expect(result).toMatchObject({ active: true, client_id: desktop.clientId });
  });

  it('endSession_withLoopbackLoggedOutUri_redirectsThereOnAnyPort', async () => {
    const browser = new CookieBrowser();
    const tokens = await loginIn(browser, KARI);
    const logoutUrl = client.buildEndSessionUrl(desktop.config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'http://127.0.0.1:49152/logged-out',
      state: 'bye',
    });
    // with id_token_hint there is no question: the page submits itself, as a browser runs it
    const stop = await browser.visit(logoutUrl, 'http://127.0.0.1:49152/logged-out');
    expect(stop.kind).toBe('callback');
    expect(`${stop.url.origin}${stop.url.pathname}`).toBe('http://127.0.0.1:49152/logged-out');
    expect(stop.url.searchParams.get('state')).toBe('bye');
  });

  it('availableIdps_listsTestIdpBuypassAndCommfides', async () => {
    const list = (await (await fetch(`${env.info.authority}/connect/availableidps`)).json()) as {
      acr_values: string;
    }[];
    expect(list.map((i) => i.acr_values)).toEqual([
      'idp:testidp-oidc',
      'idp:buypass-oidc bp:amr:sc',
      'idp:commfides-oidc cf:amr:sc',
    ]);
  });
});
