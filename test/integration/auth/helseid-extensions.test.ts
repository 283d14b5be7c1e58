// HelseID's special mechanisms through the client: the child organization switched with a refresh,
// Tillitsrammeverk parameters in the record API's token request only, and the front API's
// back-end call on the user's behalf (token exchange done by the front API as actor).
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { KARI, recordingFetch, redirectFollowingBrowser, useConfiguredEnvironment } from './support/auth-harness.ts';

let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ config } = started));

async function loggedIn() {
  const wire = recordingFetch();
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: redirectFollowingBrowser().openExternal,
  });
  await helseId.login({ testPid: KARI });
  await helseId.tokensSettled();
  return { helseId, wire };
}

const ORG_CHILD = 'helseid://claims/client/claims/orgnr_child';

describe('HelseID extensions', () => {
  it('switchOrganization_refreshesTokensCarryingTheChildOrgWithoutNewLogin', async () => {
    const { helseId, wire } = await loggedIn();
    const child = config.organizations[0]!.number;
    const parsBefore = wire.records.filter((r) => r.url.pathname.endsWith('/par')).length;
    await helseId.switchOrganization(child);
    expect(helseId.user()).toMatchObject({ organization: child });
    expect(wire.records.filter((r) => r.url.pathname.endsWith('/par')).length).toBe(parsBefore);
    const result = await helseId.callApi('person');
    expect((result.body as { accepted: Record<string, unknown> }).accepted[ORG_CHILD]).toBe(child);
    await expect(helseId.switchOrganization('000000000')).rejects.toMatchObject({ code: 'organization-unknown' });
  });

  it('recordApi_getsTillitsrammeverkInItsOwnTokenOnly', async () => {
    const { helseId, wire } = await loggedIn();
    const result = await helseId.callApi('record');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      api: 'record',
      accepted: { legal_entity: config.parent_organization, purpose_of_use: 'TREAT' },
    });
    const tokens = wire.records.filter((r) => r.url.pathname.endsWith('/token') && r.status === 200);
    for (const t of tokens) {
      const claims = decodeJwt(t.json!['access_token'] as string);
      const hasTf = 'helseid://claims/tillitsrammeverk/parameters' in claims;
      expect(hasTf).toBe(claims.aud === 'nhn:helseid-desktop/record-api');
    }
    const par = wire.records.find((r) => r.url.pathname.endsWith('/par'))!;
    expect([...par.body!.keys()].some((k) => /details/.test(k))).toBe(false);
  });

  it('frontApi_callsBackApiOnTheUsersBehalfThroughTokenExchange', async () => {
    const { helseId } = await loggedIn();
    expect(config.apis.map((a) => a.name)).toContain('front');
    const result = await helseId.callApi('front');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      api: 'front',
      back: { api: 'back', accepted: { original_client_id: config.client.client_id } },
    });
  });
});
