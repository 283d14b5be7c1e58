// One DPoP nonce round trip per origin per app run: the nonce the authority hands out at PAR serves
// the token endpoint (code redemption, refreshes), the machine tokens (client credentials, their own
// DPoP key) and the next login. Counted from the embedded authority's real use_dpop_nonce answers.
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import {
  KARI,
  recordingFetch,
  redirectFollowingBrowser,
  useConfiguredEnvironment,
  type WireRecord,
} from './support/auth-harness.ts';

let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ config } = started));

const atAuthority = (records: readonly WireRecord[]) =>
  records.filter((r) => r.url.origin === new URL(config.authority.issuer).origin);
const endpoint = (r: WireRecord) => r.url.pathname.split('/').at(-1);

describe('DPoP nonces shared across the app run', () => {
  it('nonceLearnedAtPar_servesTheTokenEndpoint_forUserAndMachineTokens', async () => {
    const wire = recordingFetch();
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: redirectFollowingBrowser().openExternal,
    });
    const machineApi = config.apis.find((a) => a.machine);
    expect(machineApi, 'the embedded environment has a machine API').toBeDefined();

    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    await helseId.machineToken(machineApi!.name);

    const authority = atAuthority(wire.records);
    // the one challenge of the app run, at the first request that needs a nonce (PAR)
    expect(authority.filter((r) => r.dpopNonceChallenge).map(endpoint)).toEqual(['par']);
    const token = authority.filter((r) => endpoint(r) === 'token');
    expect(token.map((r) => r.status)).toEqual(token.map(() => 200));
    const grants = token.map((r) => r.body!.get('grant_type'));
    expect(grants).toContain('authorization_code');
    expect(grants).toContain('refresh_token');
    expect(grants).toContain('client_credentials');
  });

  it('secondLoginInTheSameAppRun_makesNoDiscoveryAndNoNonceRoundTrip', async () => {
    const wire = recordingFetch();
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: redirectFollowingBrowser().openExternal,
    });
    await helseId.prepare(); // app start: discovery before anyone logs in
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    await helseId.logout({ endSessionInBrowser: false });
    // the refresh token is revoked in the background: part of the first run, not of the second login
    await expect.poll(() => wire.records.some((r) => r.url.pathname.endsWith('/revocation'))).toBe(true);
    const firstRun = wire.records.length;

    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    const second = atAuthority(wire.records.slice(firstRun));
    expect(second.filter((r) => r.dpopNonceChallenge)).toEqual([]);
    expect(second.filter((r) => r.url.pathname.includes('/.well-known/'))).toEqual([]);
    // PAR, code redemption and one refresh per further user API: nothing else (no JWKS either: id-token-signature.test.ts)
    const userApis = config.apis.filter((a) => !a.machine).length;
    expect(second.map(endpoint)).toEqual(['par', 'token', ...Array<string>(userApis - 1).fill('token')]);
    await helseId.logout({ endSessionInBrowser: false });
  });
});
