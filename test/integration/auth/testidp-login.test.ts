// TestIdP login end to end against the embedded authority: PAR + PKCE + private_key_jwt + DPoP,
// the browser following redirects to the loopback listener, one single-audience token per API.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
// the environment also has a machine API (client credentials): logins concern the user APIs only
import { tokenApis, userApis } from '../../../src/main/auth/authorization-request.ts';
import { CookieBrowser } from '../../authority/support/browser.ts';
import {
  KARI,
  LOW_LEVEL_PERSON,
  recordingFetch,
  redirectFollowingBrowser,
  useConfiguredEnvironment,
  type AuthEnvironment,
} from './support/auth-harness.ts';

let env: AuthEnvironment;
let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ env, config } = started));

function client() {
  const browser = redirectFollowingBrowser();
  const wire = recordingFetch();
  const log: string[] = [];
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: browser.openExternal,
    log: (l) => log.push(l),
  });
  const tokenResponses = () =>
    wire.records.filter((r) => r.url.pathname.endsWith('/token') && r.status === 200).map((r) => r.json!);
  return { helseId, browser, wire, log, tokenResponses };
}

describe('TestIdP login through the HelseID client', () => {
  it('login_withTestIdpLevel4_returnsMaskedUserAndValidTokenPerApi', async () => {
    const { helseId, wire, log } = client();
    const steps: string[] = [];
    const user = await helseId.login({ testPid: KARI, onProgress: (s) => steps.push(s) });
    expect(user).toMatchObject({
      givenName: 'Kari',
      familyName: 'Nordmann',
      securityLevel: '4',
      pidMasked: '138270*****',
      hprNumber: '9144900',
    });
    expect(JSON.stringify(user)).not.toContain(KARI);
    expect(helseId.personId()).toBe(KARI);
    expect(steps).toEqual([
      'discovery',
      'pushed-authorization-request',
      'browser-opened',
      'waiting-for-callback',
      'redeeming-code',
      'done',
    ]);
    await helseId.tokensSettled(); // the other APIs' tokens arrive after the login, in the background
    expect(helseId.apis().map((a) => [a.name, a.state])).toEqual(userApis(config).map((a) => [a.name, 'valid']));
    const par = wire.records.find((r) => r.url.pathname.endsWith('/par') && r.status === 201)!;
    // every user API and the portal (Kjernejournal: its token comes only when a patient is opened)
    expect(par.body!.getAll('resource')).toEqual(tokenApis(config).map((a) => a.resource));
    expect(par.body!.get('code_challenge_method')).toBe('S256');
    expect(par.body!.get('acr_values')).toBe('idp:testidp-oidc');
    // the first login of an app run asks for a fresh authentication too: the browser may still hold
    // the SSO session of an app run that quit or crashed (login-acceptance.ts)
    expect([par.body!.get('prompt'), par.body!.get('max_age')]).toEqual(['login', '0']);
    for (const line of log) expect(line).not.toMatch(/13827099842|eyJ/);
  });

  it('login_withSeveralApis_givesOneSingleAudienceDpopTokenPerApiFromRotatingRefreshTokens', async () => {
    const { helseId, wire, tokenResponses } = client();
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    const responses = tokenResponses();
    expect(userApis(config).length).toBeGreaterThanOrEqual(2);
    expect(responses).toHaveLength(userApis(config).length);
    responses.forEach((response, i) => {
      const api = userApis(config)[i]!;
      const claims = decodeJwt(response['access_token'] as string);
      expect(response['token_type']).toMatch(/^dpop$/i);
      expect(claims.aud).toBe(api.resource); // a string: exactly one audience
      expect([claims.scope].flat().join(' ').split(' ').sort()).toEqual([...api.scopes].sort());
      expect((claims.cnf as { jkt?: string }).jkt).toBeTruthy();
    });
    // each refresh used the newest refresh token
    const tokenRequests = wire.records.filter((r) => r.url.pathname.endsWith('/token') && r.status === 200);
    for (let i = 1; i < tokenRequests.length; i++) {
      expect(tokenRequests[i]!.body!.get('refresh_token')).toBe(responses[i - 1]!['refresh_token']);
      expect(tokenRequests[i]!.body!.getAll('resource')).toEqual([config.apis[i]!.resource]);
      expect(tokenRequests[i]!.body!.has('scope')).toBe(false);
    }
    expect(tokenRequests[0]!.body!.getAll('resource')).toEqual([config.apis[0]!.resource]);
  });

  it('callApi_person_sendsDpopBoundTokenAndReturnsWhatTheApiAccepted', async () => {
    const { helseId } = client();
    await helseId.login({ testPid: KARI });
    const result = await helseId.callApi('person', '/api/person/me');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      api: 'person',
      accepted: { aud: config.apis[0]!.resource, security_level: '4' },
    });
    expect(helseId.user()).not.toHaveProperty('organization');
    expect(result.token).toMatchObject({ name: 'person', state: 'valid' });
    expect(JSON.stringify(result.token)).not.toMatch(/eyJ/);
  });

  it('login_withSecurityLevel3_isRefusedAndLeavesNoSession', async () => {
    const { helseId } = client();
    await expect(helseId.login({ testPid: LOW_LEVEL_PERSON, testSecurityLevel: '3' })).rejects.toMatchObject({
      code: 'security-level-too-low',
    });
    expect(helseId.user()).toBeUndefined();
    expect(helseId.apis()).toEqual([]);
    await expect(helseId.callApi('person')).rejects.toMatchObject({ code: 'not-logged-in' });
  });

  it('secondAppRun_inTheSameBrowser_whileHelseIdWithholdsAScope_authenticatesAfreshAndShowsTheScopesNotGranted', async () => {
    // one browser with its cookie jar across two app runs: the second login does NOT ride the first
    // one's SSO session (prompt=login on every login), and the scope HelseID withheld is reported
    const browser = new CookieBrowser();
    const openExternal = async (url: string) => void browser.visit(url, 'never-stop-early:').catch(() => {});
    const first = createHelseIdClient({ config, openExternal });
    await first.login({ testPid: KARI });
    expect(first.apis().find((a) => a.name === 'person')!.rejectedScopes).toBeUndefined();
    env.faults.set({ rejectScopes: ['helseid://scopes/hpr/hpr_number'] });
    try {
      const logged = env.logLines.length;
      const second = createHelseIdClient({ config, openExternal });
      const user = await second.login({ testPid: KARI });
      expect(env.logLines.slice(logged).some((l) => l.startsWith('sso session reused'))).toBe(false);
      expect(user).not.toHaveProperty('hprNumber');
      expect(second.apis().find((a) => a.name === 'person')).toMatchObject({
        state: 'valid',
        rejectedScopes: ['helseid://scopes/hpr/hpr_number'],
      });
      await Promise.all([first.close(), second.close()]);
    } finally {
      env.faults.reset();
    }
  });

  it('login_cancelledWhileWaitingForBrowser_rejectsLoginCancelled', async () => {
    const controller = new AbortController();
    const helseId = createHelseIdClient({
      config,
      openExternal: async () => void setTimeout(() => controller.abort(), 50),
    });
    await expect(helseId.login({ testPid: KARI, signal: controller.signal })).rejects.toMatchObject({
      code: 'login-cancelled',
    });
    expect(helseId.status()).toBe('logged-out');
  });
});
