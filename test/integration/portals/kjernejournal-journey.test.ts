// Kjernejournal opened with the card session, against the emulated Kjernejournal Innlogging and
// portal (strict rules): the patient's page shows that patient and the clinician, a second patient
// ends the first session, token renewals refresh the session, logout and quit end it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import { startCardEnvironment, type AuthEnvironment } from '../auth/support/auth-harness.ts';
import { D_NUMBER_PATIENT, KARI_CARD, OLA_CARD, PATIENT_A, PATIENT_B, portalClient } from './support/portal-harness.ts';

let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, config, cards } = await startCardEnvironment());
});
const kari = () => portalClient(config, { card: { info: env.info, cards, label: KARI_CARD } });
const ola = () => portalClient(config, { card: { info: env.info, cards, label: OLA_CARD } });
const sessions = () => env.kjernejournal.sessions();
const lastSession = () => sessions().at(-1)!;
afterEach(() => env.kjernejournal.set({ idleSeconds: 600 }));
afterAll(() => env?.stop());

describe('Kjernejournal journey', () => {
  it('open_withSamtykke_thePortalShowsThatPatientAndTheClinician', async () => {
    const { login, portal, browser } = kari();
    await login();
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });
    expect(portal.state()).toEqual({
      state: 'open',
      patientMasked: '050766*****',
      basis: 'SAMTYKKE',
      authorization: 'LE',
    });
    const page = await browser.visits.at(-1)!.stop;
    expect(page.url.pathname).toMatch(/^\/hpp-webapp\/pasient\//);
    expect(page.body).toContain('data-state="patient-open"');
    expect(page.body).toContain(PATIENT_A);
    expect(page.body).toContain('Kari Nordmann (HPR 9144900)');
    expect(page.body).toContain('Samtykke');
  });

  it('aSecondPatient_endsTheFirstSession_whosePageNowSaysSoInTheBrowser', async () => {
    const { login, portal, browser } = kari();
    await login();
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });
    const first = await browser.visits.at(-1)!.stop;
    const firstSession = lastSession();
    await portal.open({ patient: PATIENT_B, basis: 'AKUTT', language: 'nb' });
    expect(portal.state()).toMatchObject({ state: 'open', patientMasked: '170890*****', basis: 'AKUTT' });
    expect(sessions().find((s) => s.sessionId === firstSession.sessionId)?.status).toBe('ended');
    expect(lastSession()).toMatchObject({ status: 'active', patientMasked: '170890*****', basis: 'AKUTT' });
    // the first patient's tab, reloaded: the portal refuses it now
    const reloaded = await browser.browser.visit(first.url, 'never:');
    expect(reloaded.status).toBe(410);
    expect(reloaded.body).toContain('Sesjonen er avsluttet');
    expect(reloaded.body).not.toContain(PATIENT_A);
    const second = await browser.visits.at(-1)!.stop;
    expect(second.body).toContain(PATIENT_B);
  });

  it('tokenRenewals_eachRefreshTheSession_carryingThePatient_andKeepItAlivePastItsIdleTime', async () => {
    env.kjernejournal.set({ idleSeconds: 2 });
    const { login, portal, timers, helseId } = kari();
    await login();
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });
    const session = lastSession();
    for (let renewal = 1; renewal <= 3; renewal++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      timers.fireAll(); // the token store's proactive renewals, the portal's among them
      await expect.poll(() => sessions().find((s) => s.sessionId === session.sessionId)?.refreshes).toBe(renewal);
    }
    // three seconds after the open, past the idle time of two: alive because it was refreshed, and
    // every renewed token named the patient (the assertion of each renewal carried it)
    expect(sessions().find((s) => s.sessionId === session.sessionId)).toMatchObject({
      status: 'active',
      refreshes: 3,
      refreshesNamingPatient: 3,
    });
    expect(portal.state().state).toBe('open');
    // the portal's token is the session's business, never an API the window lists
    expect(helseId.apis().map((a) => a.name)).not.toContain('portal:kjernejournal');
  });

  it('withoutRenewals_theSessionRunsOutAtItsIdleTime_soTheRefreshesAboveAreWhatKeptItAlive', async () => {
    env.kjernejournal.set({ idleSeconds: 1 });
    const { login, portal } = kari();
    await login();
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });
    const session = lastSession();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(sessions().find((s) => s.sessionId === session.sessionId)?.status).toBe('expired');
  });

  // the login is dropped: the portal's session is ended with its last token, taken out of memory
  // with the rest of the login (the tokens are gone before the end request goes out)
  it.each([
    ['logout', (c: HelseIdClient) => c.logout({ endSessionInBrowser: false })],
    ['cardRemoval', (c: HelseIdClient) => c.endSessionForCardRemoval()],
    ['quitting', (c: HelseIdClient) => c.close()],
  ] as const)('%s_endsTheSession_withTheLastToken', async (_what, drop) => {
    const { login, portal, helseId } = kari();
    await login();
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });
    await drop(helseId);
    expect(helseId.user()).toBeUndefined();
    expect(portal.state()).toEqual({ state: 'closed' });
    await portal.settled();
    expect(lastSession().status).toBe('ended');
  });

  it('close_endsTheSession_andNoRenewalCarriesThePatientAfterwards', async () => {
    const { login, portal, timers } = kari();
    await login();
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' });
    await portal.close();
    expect(portal.state()).toEqual({ state: 'closed' });
    expect(lastSession().status).toBe('ended');
    const before = lastSession().refreshes;
    timers.fireAll();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lastSession().refreshes).toBe(before);
  });

  it('aDNumber_opensWithTheDNumberSystem', async () => {
    const { login, portal } = kari();
    await login();
    await portal.open({ patient: D_NUMBER_PATIENT, basis: 'UNNTAK', language: 'en' });
    expect(lastSession()).toMatchObject({ status: 'active', patientMasked: '440577*****', basis: 'UNNTAK' });
  });

  it('aClinicianWithTwoAuthorizations_mustChoose_andTheChoiceReachesThePortal', async () => {
    const { login, portal } = ola();
    await login();
    expect(portal.authorizations()).toEqual(['LE', 'SP']);
    await expect(portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', language: 'nb' })).rejects.toMatchObject({
      code: 'portal-authorization-unknown',
    });
    await expect(
      portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', authorization: 'TL', language: 'nb' }),
    ).rejects.toMatchObject({ code: 'portal-authorization-unknown' });
    await portal.open({ patient: PATIENT_A, basis: 'SAMTYKKE', authorization: 'SP', language: 'nb' });
    expect(lastSession()).toMatchObject({ authorization: 'SP', practitionerHpr: '9144901' });
  });

  it('anInvalidPatientNumber_isRefusedBeforeAnythingIsAsked', async () => {
    const { login, portal, log } = kari();
    await login();
    const before = sessions().length;
    for (const [patient, problem] of [
      ['0507660034', 'length'],
      ['32076600343', 'date'],
      ['05076600344', 'check-digits'],
    ] as const) {
      await expect(portal.open({ patient, basis: 'SAMTYKKE', language: 'nb' })).rejects.toMatchObject({
        code: 'portal-patient-invalid',
        detail: { problem },
      });
    }
    expect(sessions()).toHaveLength(before);
    expect(log.join('\n')).not.toMatch(/\d{11}/);
  });
});
