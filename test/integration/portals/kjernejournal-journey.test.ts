// Kjernejournal opened with the card session, against the emulated Kjernejournal Innlogging and
// portal (strict rules): the patient's page shows that patient and the clinician, a second patient
// ends the first session, token renewals refresh the session, logout and quit end it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import { cardsOf } from '../../authority/support/card-signer.ts';
import { startConfiguredEnvironment, type AuthEnvironment } from '../auth/support/auth-harness.ts';
import { KARI_CARD, PATIENT_A, PATIENT_B, portalClient } from './support/portal-harness.ts';

let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, config } = await startConfiguredEnvironment());
  cards = await cardsOf(env.stateDir);
});
const kari = () => portalClient(config, { card: { info: env.info, cards, label: KARI_CARD } });
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
});
