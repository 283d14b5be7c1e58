// Login only: a configuration with no APIs. The client logs the person in (PAR without resource and
// without offline_access, code redeemed without resource), validates the ID token, and offers
// nothing else — no API tokens, no refresh token to guard or revoke. An authority that hands out a
// refresh token anyway (some independent OIDC servers do; the emulator's
// `refreshTokenWithoutOfflineAccess` knob) gets it revoked at once: dropping it would leave a live
// credential behind at the authority.
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { parseConfigText, type HelseIdConfig } from '../../../src/main/config/index.ts';
import { desktopClient } from '../../authority/support/desktop-client.ts';
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

useConfiguredEnvironment((started) => ({ env, config } = started), { apis: [], portals: {} });

describe('login only', () => {
  it('configFile_withoutApis_isValid_butAMalformedApiListIsStillRefused', () => {
    const file = { authority: { kind: 'embedded', issuer: env.info.authority }, client: env.info.clients[0] };
    expect(parseConfigText(JSON.stringify(file), 'config.json').apis).toEqual([]);
    expect(parseConfigText(JSON.stringify({ ...file, apis: [] }), 'config.json').apis).toEqual([]);
    expect(() => parseConfigText(JSON.stringify({ ...file, apis: 'person' }), 'config.json')).toThrow(
      /apis: expected a list of APIs/,
    );
    expect(() => parseConfigText(JSON.stringify({ ...file, apis: [{ name: 'x' }] }), 'config.json')).toThrow(
      /apis\[0\]\.resource/,
    );
  });

  it('login_withoutApis_showsThePersonAndNothingElse', async () => {
    const wire = recordingFetch();
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: redirectFollowingBrowser().openExternal,
    });
    const user = await helseId.login({ testPid: KARI });
    expect(user).toMatchObject({
      name: 'Kari Nordmann',
      hprNumber: '9144900',
      securityLevel: '4',
      pidMasked: '138270*****',
    });
    expect(helseId.status()).toBe('logged-in');
    expect(helseId.apis()).toEqual([]);
    expect(helseId.machineApis()).toEqual([]);

    const par = wire.records.find((r) => r.url.pathname.endsWith('/par') && r.status === 201)!;
    expect(par.body!.has('resource')).toBe(false);
    expect(par.body!.get('scope')!.split(' ')).not.toContain('offline_access');
    const tokenRequests = wire.records.filter((r) => r.url.pathname.endsWith('/token'));
    expect(
      tokenRequests.every((r) => r.body!.get('grant_type') === 'authorization_code' && !r.body!.has('resource')),
    ).toBe(true);
    const redeemed = tokenRequests.find((r) => r.status === 200)!;
    expect(redeemed.json).not.toHaveProperty('refresh_token');
    await expect(helseId.callApi('person')).rejects.toMatchObject({ code: 'api-unknown' });

    await helseId.logout({ endSessionInBrowser: false });
    expect(helseId.user()).toBeUndefined();
    expect(wire.records.some((r) => r.url.pathname.endsWith('/revocation'))).toBe(false); // nothing to revoke
  });

  it('loginOnly_authorityReturnsARefreshTokenAnyway_itIsRevokedNotDropped', async () => {
    env.faults.set({ refreshTokenWithoutOfflineAccess: true });
    const wire = recordingFetch();
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: redirectFollowingBrowser().openExternal,
    });
    await helseId.login({ testPid: KARI });
    expect(helseId.status()).toBe('logged-in');

    const redeemed = wire.records.find((r) => r.url.pathname.endsWith('/token') && r.status === 200)!;
    const refreshToken = redeemed.json?.['refresh_token'];
    expect(typeof refreshToken).toBe('string'); // the authority did hand one out
    const revocations = wire.records.filter((r) => r.url.pathname.endsWith('/revocation'));
    expect(revocations).toHaveLength(1);
    expect(revocations[0]!.body!.get('token')).toBe(refreshToken);
    expect(revocations[0]!.body!.get('token_type_hint')).toBe('refresh_token');
    expect(revocations[0]!.status).toBe(200);
    // and the authority agrees it is dead
    const desktop = await desktopClient(env.info);
    expect(await oidc.tokenIntrospection(desktop.config, refreshToken as string)).toMatchObject({ active: false });
    await helseId.logout({ endSessionInBrowser: false });
  });

  it('login_withoutApis_stillRefusesSecurityLevel3', async () => {
    const helseId = createHelseIdClient({ config, openExternal: redirectFollowingBrowser().openExternal });
    await expect(helseId.login({ testPid: LOW_LEVEL_PERSON, testSecurityLevel: '3' })).rejects.toMatchObject({
      code: 'security-level-too-low',
    });
    expect(helseId.user()).toBeUndefined();
  });
});
