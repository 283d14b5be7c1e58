// A clinic PC whose clock is ten minutes off HelseID's (the authority's clock moved by the
// clock-offset fault, oidc-provider's included). The app measures the skew from the Date header and
// corrects its client assertions and DPoP proofs, so it logs in; a client that does not correct is
// refused at PAR, and only because of the clock.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { desktopClient, IDENTITY_SCOPES, pushLogin } from '../../authority/support/desktop-client.ts';
import {
  KARI,
  recordingFetch,
  redirectFollowingBrowser,
  useConfiguredEnvironment,
  type AuthEnvironment,
} from './support/auth-harness.ts';

const TEN_MINUTES = 600;
let env: AuthEnvironment;
let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ env, config } = started));

const nearly = (actual: unknown, expected: number) => expect(Math.abs(Number(actual) - expected)).toBeLessThan(5);

describe.each([
  {
    offset: TEN_MINUTES,
    label: 'Ahead',
    reason: /invalid_client: client authentication failed: client assertion has expired/,
  },
  {
    offset: -TEN_MINUTES,
    label: 'Behind',
    reason: /invalid_client: client authentication failed: client assertion is not valid yet/,
  },
])('authority clock ten minutes $label of the PC', ({ offset, reason }) => {
  it(`login_withAuthorityClock${offset > 0 ? 'Ahead' : 'Behind'}_succeedsBecauseTheClientCorrectsTheMeasuredSkew`, async () => {
    env.faults.set({ clockOffsetSeconds: offset });
    const wire = recordingFetch();
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: redirectFollowingBrowser().openExternal,
    });
    const user = await helseId.login({ testPid: KARI, testSecurityLevel: '4' });
    expect(user).toMatchObject({ givenName: 'Kari', securityLevel: '4' });
    const pcNow = Date.now() / 1000;
    // the client shifted its assertion to the authority's time …
    const par = wire.records.find((r) => r.url.pathname.endsWith('/par') && r.status === 201)!;
    nearly(decodeJwt(par.body!.get('client_assertion')!).iat, pcNow + offset);
    // … and the authority minted on its own clock, not the PC's
    const token = wire.records.find((r) => r.url.pathname.endsWith('/token') && r.status === 200)!;
    nearly(decodeJwt(token.json!['access_token'] as string).iat, pcNow + offset);
    // the API checks the DPoP proof's iat against its (shifted) clock too
    expect((await helseId.callApi('person')).status).toBe(200);
  });

  it(`par_fromClientWithoutSkewCorrection_isInvalidClientBecauseOfTheClock`, async () => {
    env.faults.set({ clockOffsetSeconds: offset });
    const person = env.info.apis.find((a) => a.name === 'person')!;
    const login = {
      resources: [person.resource],
      scope: `${IDENTITY_SCOPES} ${person.scopes[0]}`,
      acrValues: 'idp:testidp-oidc',
      extra: { test_pid: KARI },
    };
    const uncorrected = await desktopClient(env.info); // openid-client, clockSkew 0: iat from the PC's clock
    await expect(pushLogin(uncorrected, login)).rejects.toMatchObject({ error: 'invalid_client' });
    expect(env.logLines.at(-1)).toMatch(reason);
    // the same client with the skew corrected is accepted: the clock was the only reason
    const corrected = await desktopClient(env.info, undefined, undefined, offset);
    expect((await pushLogin(corrected, login)).requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });
});

describe('the clock changes while the app runs (issue 13, item 2)', () => {
  it.each([150, -150])(
    'clockChangedBy %s s_afterTheFirstLogin_nextLoginRemeasuresFromTheRefusalAndSucceeds',
    async (offset) => {
      const wire = recordingFetch();
      const helseId = createHelseIdClient({
        config,
        fetch: wire.fetch,
        openExternal: redirectFollowingBrowser().openExternal,
      });
      await helseId.login({ testPid: KARI, testSecurityLevel: '4' }); // discovery (and its skew) is cached now
      await helseId.tokensSettled(); // the background tokens' answers also carry the time: let them finish first
      await helseId.logout({ endSessionInBrowser: false });
      // the background revocation's answer would already carry the new time: let it finish first
      await expect.poll(() => wire.records.some((r) => r.url.pathname.endsWith('/revocation'))).toBe(true);
      // NTP moved the PC's clock (seen from the PC: the authority's moved)
      env.faults.set({ clockOffsetSeconds: offset });
      const parsBefore = wire.records.filter((r) => r.url.pathname.endsWith('/par')).length;
      await expect(helseId.login({ testPid: KARI, testSecurityLevel: '4' })).resolves.toMatchObject({
        givenName: 'Kari',
      });
      const pars = wire.records.filter((r) => r.url.pathname.endsWith('/par')).slice(parsBefore);
      // refused once, then accepted with a fresh assertion on the re-measured time. The refusal is
      // invalid_client (the assertion's time), or use_dpop_nonce when the nonce cached for the app run
      // (dpop-nonces.ts) belongs to a time window the authority's moved clock no longer accepts —
      // either answer carries the Date header the skew is measured from.
      expect(pars.filter((r) => r.status !== 201).map((r) => r.json?.['error'])).toEqual([
        expect.stringMatching(/^(invalid_client|use_dpop_nonce)$/),
      ]);
      const accepted = pars.find((r) => r.status === 201)!;
      nearly(decodeJwt(accepted.body!.get('client_assertion')!).iat, Date.now() / 1000 + offset);
      expect((await helseId.callApi('person')).status).toBe(200);
      await helseId.close();
    },
  );
});

describe('one clock for every time check the client makes (issue 20)', () => {
  const loggedIn = async () => {
    const helseId = createHelseIdClient({ config, openExternal: redirectFollowingBrowser().openExternal });
    await helseId.login({ testPid: KARI, testSecurityLevel: '4' });
    await helseId.tokensSettled();
    return helseId;
  };

  it.each([600, -600])('clockOff %s s_fromTheStart_loginAndEveryRefreshSucceed_nobodyIsLoggedOut', async (offset) => {
    env.faults.set({ clockOffsetSeconds: offset });
    const helseId = await loggedIn();
    await helseId.switchOrganization(undefined); // a refresh for every API
    await helseId.switchOrganization(undefined);
    expect(helseId.status()).toBe('logged-in');
    expect((await helseId.callApi('person')).status).toBe(200);
    await helseId.close();
  });

  it.each([900, -900, 3600, -3600])(
    'pcClockJumps %s s_duringASession_theNextRefreshesSucceed_nobodyIsLoggedOut',
    async (jump) => {
      const helseId = await loggedIn();
      // NTP (or a person) moves the PC's clock while the session runs: seen from the PC, the
      // authority's clock moved the other way. Nothing has been asked of the authority since.
      env.faults.set({ clockOffsetSeconds: -jump });
      await helseId.switchOrganization(undefined);
      await helseId.switchOrganization(undefined);
      expect(helseId.status()).toBe('logged-in');
      expect(helseId.user()).toMatchObject({ givenName: 'Kari' });
      expect((await helseId.callApi('person')).status).toBe(200);
      await helseId.close();
    },
  );

  it.each([900, -900])('pcClockJumps %s s_betweenTwoLogins_theNextLoginSucceeds', async (jump) => {
    const helseId = await loggedIn();
    await helseId.logout({ endSessionInBrowser: false });
    await helseId.tokensSettled();
    env.faults.set({ clockOffsetSeconds: -jump });
    await expect(helseId.login({ testPid: KARI, testSecurityLevel: '4' })).resolves.toMatchObject({
      givenName: 'Kari',
    });
    expect((await helseId.callApi('person')).status).toBe(200);
    await helseId.close();
  });

  it('clockOffBeyondWhatTheAuthorityTolerates_andNoDateHeaderToCorrectBy_theMessageNamesTheClock', async () => {
    // a proxy that drops the Date header: the app cannot measure the skew, so it cannot correct it
    const withoutDate: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const headers = new Headers(response.headers);
      headers.delete('date');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    };
    env.faults.set({ clockOffsetSeconds: 2 * 3600 });
    const helseId = createHelseIdClient({
      config,
      fetch: withoutDate,
      openExternal: redirectFollowingBrowser().openExternal,
    });
    const refusal = await helseId.login({ testPid: KARI, testSecurityLevel: '4' }).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code: 'clock-skew' });
    expect(errorText('clock-skew', 'nb').title).toBe('Klokken går feil');
    await helseId.close();
  });
});
