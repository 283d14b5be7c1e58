// The life of a session's tokens against the embedded authority: proactive refresh, DPoP nonces paid
// once per origin, logout and card removal (revocation, prompt=login next), an expired refresh token.
// (Clock skew is covered in unit tests: the environment's clock fault shifts the Date header but not
// oidc-provider's own clock, so a client that corrects for it is refused by the token endpoint.)
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
// the environment also has a machine API (client credentials): logins concern the user APIs only
import { userApis } from '../../../src/main/auth/authorization-request.ts';
import {
  KARI,
  refreshFromOutside,
  manualScheduler,
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
  const timers = manualScheduler();
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: browser.openExternal,
    scheduler: timers.scheduler,
  });
  const refreshTokens = () =>
    wire.records
      .filter((r) => r.url.pathname.endsWith('/token') && r.status === 200)
      .map((r) => r.json!['refresh_token'] as string);
  return { helseId, browser, wire, timers, refreshTokens };
}

describe('token lifecycle', () => {
  it('proactiveRefresh_beforeExpiry_replacesEveryApiTokenWithRotatedRefreshTokens', async () => {
    const { helseId, timers, wire } = client();
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    await helseId.tokensSettled();
    const before = helseId.apis();
    expect(timers.pending.size).toBe(userApis(config).length);
    // each timer is due one refresh margin before its token expires
    for (const t of timers.pending.values())
      expect(t.delayMs).toBeLessThanOrEqual(300_000 - config.refresh_margin_seconds * 1000);
    const tokenRequestsBefore = wire.records.filter((r) => r.url.pathname.endsWith('/token')).length;
    timers.fireAll();
    await expect
      .poll(
        () =>
          helseId.apis().every((a) => a.state === 'valid') &&
          wire.records.filter((r) => r.url.pathname.endsWith('/token') && r.status === 200).length,
      )
      .toBe(2 * userApis(config).length);
    expect(wire.records.filter((r) => r.url.pathname.endsWith('/token')).length - tokenRequestsBefore).toBe(
      userApis(config).length,
    ); // no nonce retries
    const after = helseId.apis();
    after.forEach((a, i) => expect(a.expiresAt).toBeGreaterThanOrEqual(before[i]!.expiresAt!));
    expect(timers.pending.size).toBe(userApis(config).length); // rescheduled
  });

  it('dpopNonce_isPaidOncePerOrigin_acrossLoginRefreshesAndApiCalls', async () => {
    const { helseId, wire, timers } = client();
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    await helseId.callApi('person', '/api/person/me');
    await helseId.callApi('person', '/api/person/me');
    timers.fireAll();
    await expect.poll(() => helseId.apis().every((a) => a.state === 'valid')).toBe(true);
    const challengesByOrigin = new Map<string, number>();
    for (const r of wire.records.filter((r) => r.dpopNonceChallenge))
      challengesByOrigin.set(r.url.origin, (challengesByOrigin.get(r.url.origin) ?? 0) + 1);
    expect(challengesByOrigin.get(new URL(config.authority.issuer).origin)).toBe(1);
    for (const count of challengesByOrigin.values()) expect(count).toBe(1);
  });

  it('logout_revokesTheRefreshTokenAndForcesPromptLoginNextTime', async () => {
    const { helseId, wire, refreshTokens } = client();
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    const newest = refreshTokens().at(-1)!;
    await helseId.logout({ endSessionInBrowser: false });
    expect(helseId.user()).toBeUndefined();
    expect(helseId.apis()).toEqual([]);
    // revocation runs in the background (logout does not wait for it)
    await expect
      .poll(() => wire.records.some((r) => r.url.pathname.endsWith('/revocation') && r.status === 200))
      .toBe(true);
    expect(await refreshFromOutside(config, newest)).toBe('invalid_grant');
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    const pars = wire.records.filter((r) => r.url.pathname.endsWith('/par') && r.status === 201);
    expect(pars.at(-1)!.body!.get('prompt')).toBe('login');
  });

  it('endSessionForCardRemoval_dropsTokensAtOnceRevokesAndNextParHasPromptLogin', async () => {
    const { helseId, wire, refreshTokens } = client();
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    const newest = refreshTokens().at(-1)!;
    const ending = helseId.endSessionForCardRemoval();
    // before any await: nothing usable left in memory
    expect(helseId.user()).toBeUndefined();
    expect(helseId.apis()).toEqual([]);
    await expect(helseId.callApi('person')).rejects.toMatchObject({ code: 'not-logged-in' });
    await ending;
    await expect
      .poll(() => wire.records.some((r) => r.url.pathname.endsWith('/revocation') && r.status === 200))
      .toBe(true);
    expect(await refreshFromOutside(config, newest)).toBe('invalid_grant');
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    expect(
      wire.records
        .filter((r) => r.url.pathname.endsWith('/par') && r.status === 201)
        .at(-1)!
        .body!.get('prompt'),
    ).toBe('login');
    // and so does every later login: nobody rides the SSO cookie, whatever ended the session before
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    const last = wire.records.filter((r) => r.url.pathname.endsWith('/par') && r.status === 201).at(-1)!;
    expect([last.body!.get('prompt'), last.body!.get('max_age')]).toEqual(['login', '0']);
  });

  it('refreshTokenInvalid_atRefresh_endsSessionWithRefreshTokenExpired', async () => {
    const { helseId, timers } = client();
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    env.faults.set({ invalidateRefreshTokens: true });
    await expect(helseId.callApi('person', '/api/person/me')).resolves.toMatchObject({ status: 200 }); // still-valid access token
    timers.fireAll();
    await expect.poll(() => helseId.apis().every((a) => a.state === 'expired')).toBe(true);
    expect(helseId.user()).toBeUndefined();
    expect(helseId.status()).toBe('logged-out');
    await expect(helseId.callApi('person')).rejects.toMatchObject({ code: 'refresh-token-expired' });
  });
});
