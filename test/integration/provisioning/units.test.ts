// Issue 21, item 3: units on a workstation that set itself up. The units offered are the child
// organizations registered for its client (what it may assert), named from the configuration; the
// chosen one is the point of care the journal API receives in every token and call; a switch HelseID
// refuses leaves the person in the unit they had. Real emulator (its Selvbetjening and HelseID's
// check of child organizations), real set-up, real HelseID client; asserted at the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelseIdClient, type HelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import { runnableClient, type RunnableClient } from '../../../src/main/provisioning/installation.ts';
import { connectionDeps } from '../../../src/main/provisioning/provisioning-deps.ts';
import { connectAs } from '../../../src/main/provisioning/selvbetjening-connection.ts';
import { runSetup } from '../../../src/main/provisioning/setup-flow.ts';
import { KARI_TESTIDP, startEnv, workstation, type Env, type Workstation } from './support.ts';

let e: Env;
let ws: Workstation;
let runnable: RunnableClient;
let helseId: HelseIdClient;
const SENTRUM = '987654325';
const NORD = '976543211';

beforeAll(async () => {
  e = await startEnv();
  // IT's configuration names one registered unit and lists one the client was never registered for
  ws = await workstation(e, {
    organizations: [
      { number: SENTRUM, name: 'Legekontoret, avdeling Sentrum' },
      { number: '912345679', name: 'En enhet klienten ikke er registrert for' },
    ],
  });
  await runSetup(ws.deps());
  runnable = (await runnableClient(ws.config, ws.keyRing))!;
  helseId = createHelseIdClient({
    config: runnable.config,
    fetch: ws.fetch,
    openExternal: followBrowser({ signal: ws.signal, onProblem: () => {} }),
    ...(runnable.loadClientKey ? { loadClientKey: runnable.loadClientKey } : {}),
  });
  await helseId.login({ testPid: KARI_TESTIDP });
  await helseId.tokensSettled();
});
afterAll(async () => {
  await helseId?.close();
  await ws?.close();
  await e?.stop();
});

/** What the journal (record) demo API received as point_of_care in the token of this call. */
async function pointOfCareAtTheJournalApi(): Promise<unknown> {
  const answer = await helseId.callApi('record');
  expect(answer.status).toBe(200);
  return (answer.body as { accepted: { point_of_care?: unknown } }).accepted.point_of_care;
}

describe('the units of a provisioned workstation', () => {
  it('unitList_isTheChildOrganizationsRegisteredForTheClient_namedFromTheConfiguration', () => {
    expect(runnable.config.organizations).toEqual([
      { number: SENTRUM, name: 'Legekontoret, avdeling Sentrum' },
      { number: NORD, name: NORD },
    ]);
  });

  it('chosenUnit_isThePointOfCareTheJournalApiReceives_inEveryTokenAndCall', async () => {
    expect(await pointOfCareAtTheJournalApi()).not.toBe(SENTRUM); // before: the configured point of care
    await helseId.switchOrganization(SENTRUM);
    expect(await pointOfCareAtTheJournalApi()).toBe(SENTRUM);
    expect(await pointOfCareAtTheJournalApi()).toBe(SENTRUM); // the next call, the same token
    await helseId.switchOrganization(NORD); // every token again, now for Nord
    expect(await pointOfCareAtTheJournalApi()).toBe(NORD);
    const person = await helseId.callApi('person');
    expect(
      (person.body as { accepted: Record<string, unknown> }).accepted['helseid://claims/client/claims/orgnr_child'],
    ).toBe(NORD);
  });

  it('switchHelseIdRefuses_keepsThePersonInTheUnitTheyHad_tokensAndAll', async () => {
    await helseId.switchOrganization(SENTRUM);
    // IT removes Nord from the client in Selvbetjening; the window still offers it (read at start)
    const connection = await connectAs(
      connectionDeps(ws.deps()),
      runnable.config.client.client_id,
      await runnable.loadClientKey!(),
    );
    const current = (await (await connection.call('GET', '/v1/client')).json()) as Record<string, unknown>;
    const update = {
      apiScopes: (current['apiScopes'] as { scope: string }[]).map((s) => s.scope),
      audienceSpecificClientClaims: [],
      redirectUris: current['redirectUris'],
      postLogoutRedirectUris: current['postLogoutRedirectUris'],
      childOrganizationNumbers: [SENTRUM],
    };
    expect((await connection.call('PUT', '/v1/client', update)).status).toBe(200);
    await e.env.selvbetjening.refreshClientCache();

    await expect(helseId.switchOrganization(NORD)).rejects.toMatchObject({
      code: 'unit-refused',
      detail: { organization: NORD },
    });
    expect(helseId.user()?.organization).toBe(SENTRUM);
    expect(await pointOfCareAtTheJournalApi()).toBe(SENTRUM);
  });
});
