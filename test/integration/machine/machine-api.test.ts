// Machine access (client credentials) through the HelseID client against the embedded authority:
// the registry demo API (machine-only, wants DPoP nonces) with a child organization, tokens renewed
// before expiry, untouched by the user's logout and card removal, dropped by close(); a user token
// refused there; and the `token` CLI command printing metadata, never the token.
import { PassThrough } from 'node:stream';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { configFromEnvironmentInfo, type ConfigFile, type HelseIdConfig } from '../../../src/main/config/index.ts';
import { tokenCommand } from '../../../src/main/cli/commands/token.ts';
import type { CommandContext } from '../../../src/main/cli/context.ts';
import {
  KARI,
  manualScheduler,
  recordingFetch,
  redirectFollowingBrowser,
  startAuthEnvironment,
} from '../auth/support/auth-harness.ts';

const CHILD = '912345679';
const ORG = 'helseid://claims/client/claims/orgnr_child';
let env: Awaited<ReturnType<typeof startAuthEnvironment>>;
let config: ConfigFile & HelseIdConfig;

beforeAll(async () => {
  env = await startAuthEnvironment();
  const base = configFromEnvironmentInfo(env.info);
  // the registry API's token carries a child organization (configured per machine API)
  config = { ...base, apis: base.apis.map((a) => (a.machine ? { ...a, organization: CHILD } : a)) };
});
afterAll(() => env?.stop());

function client() {
  const wire = recordingFetch();
  const timers = manualScheduler();
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: redirectFollowingBrowser().openExternal,
    scheduler: timers.scheduler,
  });
  const grants = (type: string) =>
    wire.records.filter(
      (r) => r.url.pathname.endsWith('/token') && r.status === 200 && r.body?.get('grant_type') === type,
    );
  return { helseId, wire, timers, grants };
}

describe('machine API (client credentials)', () => {
  it('environment_listsRegistryAsMachineApiWithCallPath', () => {
    expect(env.info.apis.find((a) => a.name === 'registry')).toMatchObject({
      machine: true,
      call_path: '/api/registry/units',
    });
    expect(config.apis.find((a) => a.name === 'registry')).toMatchObject({ machine: true });
  });

  it('machineApi_withChildOrganization_getsClientCredentialsTokenWithOrgClaimsWithoutLogin', async () => {
    const { helseId, grants, wire } = client();
    const result = await helseId.callApi('registry');
    expect(helseId.user()).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      api: 'registry',
      accepted: {
        kind: 'machine',
        client_id: config.client.client_id,
        organization: { child: CHILD, parent: '912345678', tenancy: 'single-tenant' },
      },
    });
    const [grant] = grants('client_credentials');
    expect(grant!.body!.get('resource')).toBe('nhn:helseid-desktop/registry-api');
    const claims = decodeJwt(grant!.json!['access_token'] as string);
    expect(claims).toMatchObject({
      aud: 'nhn:helseid-desktop/registry-api',
      client_id: config.client.client_id,
      [ORG]: CHILD,
      scope: ['nhn:helseid-desktop/registry-api/read'],
    });
    for (const userClaim of [
      'helseid://claims/identity/pid',
      'helseid://claims/identity/security_level',
      'name',
      'sid',
    ])
      expect(claims).not.toHaveProperty(userClaim);
    expect(claims.sub).toBe(config.client.client_id);
    // the API wanted a DPoP nonce: one use_dpop_nonce round trip at the API origin, then accepted
    expect(
      wire.records.filter(
        (r) =>
          r.dpopNonceChallenge &&
          r.url.origin === new URL(env.info.apis.find((a) => a.name === 'registry')!.url).origin,
      ),
    ).toHaveLength(1);
  });

  it('machineToken_isRenewedBeforeExpiry', async () => {
    const { helseId, timers, grants } = client();
    const first = await helseId.machineToken('registry');
    expect(first).toMatchObject({
      state: 'valid',
      audience: 'nhn:helseid-desktop/registry-api',
      organization: { child: CHILD },
    });
    const [timer] = [...timers.pending.values()];
    expect(timer!.delayMs).toBeLessThanOrEqual(
      first.expiresAt! - Date.now() - config.refresh_margin_seconds * 1000 + 1000,
    );
    timers.fireAll();
    await expect.poll(() => grants('client_credentials').length).toBe(2);
    await expect.poll(() => helseId.machineApis()[0]!.state).toBe('valid');
    expect(helseId.machineApis()[0]!.expiresAt).toBeGreaterThanOrEqual(first.expiresAt!);
    expect(timers.pending.size).toBe(1); // rescheduled
  });

  it('machineTokens_untouchedByCardRemovalAndLogout_andNeverMixedWithUserTokens', async () => {
    const { helseId, grants } = client();
    await helseId.login({ testPid: KARI });
    const machine = await helseId.machineToken('registry');
    expect(helseId.apis().map((a) => a.name)).not.toContain('registry');
    const userJkt = (decodeJwt(grants('authorization_code')[0]!.json!['access_token'] as string).cnf as { jkt: string })
      .jkt;
    const machineJkt = (
      decodeJwt(grants('client_credentials')[0]!.json!['access_token'] as string).cnf as { jkt: string }
    ).jkt;
    expect(machineJkt).not.toBe(userJkt); // separate DPoP keys: a user token cannot ride the machine line

    await helseId.endSessionForCardRemoval();
    expect(helseId.user()).toBeUndefined();
    expect(helseId.machineApis()).toEqual([
      expect.objectContaining({ name: 'registry', state: 'valid', expiresAt: machine.expiresAt }),
    ]);
    await helseId.login({ testPid: KARI });
    await helseId.logout({ endSessionInBrowser: false });
    expect((await helseId.callApi('registry')).status).toBe(200);
    expect(grants('client_credentials')).toHaveLength(1); // the same token all along
  });

  it('close_dropsMachineTokens', async () => {
    const { helseId, timers } = client();
    await helseId.machineToken('registry');
    await helseId.close();
    expect(helseId.machineApis()[0]!.state).toBe('expired');
    expect(timers.pending.size).toBe(0);
    await expect(helseId.callApi('registry')).rejects.toMatchObject({ code: 'not-logged-in' });
  });

  it('userToken_atMachineOnlyEndpoint_isRefused', async () => {
    // a user login that (wrongly) asks for the registry API as a resource gets a user token for it
    const userConfig: HelseIdConfig = {
      ...config,
      apis: config.apis.filter((a) => a.name === 'registry').map((a) => ({ ...a, machine: false })),
    };
    const helseId = createHelseIdClient({ config: userConfig, openExternal: redirectFollowingBrowser().openExternal });
    await helseId.login({ testPid: KARI });
    await expect(helseId.callApi('registry')).rejects.toMatchObject({
      code: 'api-refused',
      detail: { status: 403, error: 'invalid_token' },
    });
    expect(env.logLines.some((l) => /registry API refused .*machine tokens \(client credentials\) only/.test(l))).toBe(
      true,
    );
  });

  it('tokenCommand_printsMetadataAndOrgClaims_neverTheToken', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const ctx: CommandContext = {
      io: { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} },
      language: 'en',
      json: true,
      options: { api: 'registry' },
      resolveConfig: async () => ({ config, source: 'test' }),
      note: () => {},
      signal: new AbortController().signal,
    };
    expect(await tokenCommand(ctx)).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toMatchObject({
      api: 'registry',
      audience: 'nhn:helseid-desktop/registry-api',
      scopes: ['nhn:helseid-desktop/registry-api/read'],
      client_id: config.client.client_id,
      organization: { parent: '912345678', child: CHILD, tenancy: 'single-tenant' },
    });
    expect(report.expires_in).toBeGreaterThan(0);
    expect(out).not.toMatch(/eyJ/);
    await expect(tokenCommand({ ...ctx, options: { api: 'person' } })).rejects.toThrow(/user API/);
  });
});
