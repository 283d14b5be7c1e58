// Kjernejournal from the workstation, end to end: card login with the PIN → "Åpne Kjernejournal"
// with Samtykke → the portal (the emulated one) shows that patient and that clinician in the
// browser → a second patient ends the first session (its tab now refuses) → pulling the card ends the
// portal session. In bokmål and English, axe clean, screenshots in test-results/screenshots.
// Real emulator (strict), SoftHSM cards, main-process services, the real renderer in Chromium; the
// "system browser" is a tab of the same Chromium, so it holds the binding cookie of the login.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useE2eApp, type E2eApp } from './harness.ts';
import { openPatient as openPanelPatient } from './kjernejournal-panel.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

useE2eApp((started) => (e2e = started));

const PATIENT_A = '05076600343';
const PATIENT_B = '17089012325';

const logIn = (holder: string, pin: string, labels?: { logIn: string; pin: string; confirm: string }) =>
  e2e.logInWithCard(holder, pin, labels);

const openPatient = (patient: string, basis: string, labels?: { patient: string; open: string }) =>
  openPanelPatient(e2e, patient, basis, labels);

const portalSessions = () => e2e.env.kjernejournal.sessions();

describe('Kjernejournal with the card session', () => {
  let firstTab: Page;

  it('openWithSamtykke_thePortalShowsThatPatientAndTheClinician_andTheWindowShowsThePatientMasked', async () => {
    await logIn('Kari Nordmann', '1234');
    const panel = page().getByTestId('portal');
    await expect(panel.getByRole('heading', { name: 'Kjernejournal' }).count()).resolves.toBe(1);
    await e2e.checkA11y('Kjernejournal panel');
    await e2e.screenshot('60-kjernejournal-panel');

    firstTab = await openPatient(PATIENT_A, 'Samtykke');
    const portalText = await firstTab.locator('main').innerText();
    expect(portalText).toContain(PATIENT_A);
    expect(portalText).toContain('Kari Nordmann (HPR 9144900)');
    expect(portalText).toContain('Samtykke');
    // the tab's address is the portal's patient page: no code, no verifier in it or in its history
    expect(firstTab.url()).not.toMatch(/code|verifier/);
    await firstTab.screenshot({ path: `${SCREENSHOTS}/62-kjernejournal-portal-tab.png` });

    const open = page().getByTestId('portal-open-patient');
    await expect(open.innerText()).resolves.toBe('Åpen pasient: 050766***** (Samtykke)');
    // the field no longer holds the number, and nowhere in the window is it whole
    await expect(page().getByLabel('Pasientens fødselsnummer').inputValue()).resolves.toBe('');
    await expect(panel.getByRole('radio', { name: 'Samtykke' }).isChecked()).resolves.toBe(false);
    await expect(page().locator('body').innerText()).resolves.not.toContain(PATIENT_A);
    await expect
      .poll(() => page().evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('portal-open-patient');
    await e2e.checkA11y('Kjernejournal patient open');
    await e2e.screenshot('61-kjernejournal-patient-open');
    expect(portalSessions().at(-1)).toMatchObject({ status: 'active', basis: 'SAMTYKKE', codeUsed: true });
  });

  it('aSecondPatient_endsTheFirstSession_andTheFirstPatientsTabNowRefuses', async () => {
    const secondTab = await openPatient(PATIENT_B, 'Akutt');
    await expect(secondTab.locator('main').innerText()).resolves.toContain(PATIENT_B);
    await expect(page().getByTestId('portal-open-patient').innerText()).resolves.toBe(
      'Åpen pasient: 170890***** (Akutt)',
    );
    const [first, second] = portalSessions().slice(-2);
    expect(first).toMatchObject({ status: 'ended', patientMasked: '050766*****' });
    expect(second).toMatchObject({ status: 'active', patientMasked: '170890*****' });
    await firstTab.reload();
    const refused = await firstTab.locator('main').innerText();
    expect(refused).toContain('Sesjonen er avsluttet');
    expect(refused).not.toContain(PATIENT_A);
    await firstTab.screenshot({ path: `${SCREENSHOTS}/63-kjernejournal-first-tab-ended.png` });
  });

  it('aWrongNumber_isSaidAtTheField_andNothingIsSent', async () => {
    const before = portalSessions().length;
    const panel = page().getByTestId('portal');
    await panel.getByLabel('Pasientens fødselsnummer').fill('05076600344');
    await panel.getByRole('radio', { name: 'Samtykke' }).check();
    await panel.getByRole('button', { name: 'Åpne Kjernejournal' }).click();
    const problem = panel.locator('#portal-patient-problem');
    await expect(problem.innerText()).resolves.toContain('Kontrollsifrene stemmer ikke');
    await expect(panel.getByLabel('Pasientens fødselsnummer').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect.poll(() => page().evaluate(() => document.activeElement?.id)).toBe('portal-patient');
    await e2e.checkA11y('Kjernejournal wrong number');
    await e2e.screenshot('64-kjernejournal-wrong-number');
    expect(portalSessions()).toHaveLength(before);
    await panel.getByLabel('Pasientens fødselsnummer').fill('');
  });

  it('cardOut_endsThePortalSession_andTheOpenTabSaysSo', async () => {
    const tab = e2e.app.browserTabs.at(-1)!;
    await e2e.pullCard('Buypass Kari Nordmann');
    await page().getByTestId('session-notice').waitFor();
    await expect.poll(() => portalSessions().at(-1)?.status).toBe('ended');
    await tab.reload();
    await expect(tab.locator('main').innerText()).resolves.toContain('Sesjonen er avsluttet');
    await expect(page().getByTestId('portal').count()).resolves.toBe(0);
  });

  // ~10 s: a second person's whole card login, a portal session created and opened in the browser tab.
  it('inEnglish_aClinicianWithTwoAuthorizations_choosesOne_andThePortalGetsIt', async () => {
    await page().getByTestId('language-switch').click();
    await logIn('Ola Johan Hansen', '2345', { logIn: 'Log in', pin: 'PIN', confirm: 'Confirm' });
    const panel = page().getByTestId('portal');
    await panel.getByLabel("Patient's national id number").fill(PATIENT_A);
    await panel.getByRole('radio', { name: 'Samtykke (consent)' }).check();
    await panel.getByRole('button', { name: 'Open Kjernejournal' }).click();
    // two authorizations and none chosen: the window asks before anything is sent
    await expect(panel.locator('#portal-authorization-missing').innerText()).resolves.toBe(
      'Choose the authorization you act under.',
    );
    await e2e.checkA11y('Kjernejournal panel, English, authorization missing');
    await e2e.screenshot('65-kjernejournal-panel-en-choose');
    await panel.getByLabel('You act as').selectOption('SP');
    const tabsBefore = e2e.app.browserTabs.length;
    await panel.getByRole('button', { name: 'Open Kjernejournal' }).click();
    await expect.poll(() => e2e.app.browserTabs.length).toBeGreaterThan(tabsBefore);
    const tab = e2e.app.browserTabs.at(-1)!;
    await tab.locator('main[data-state="patient-open"]').waitFor();
    await expect(tab.locator('main').innerText()).resolves.toContain('Ola Johan Hansen (HPR 9144901)');
    await expect(page().getByTestId('portal-open-patient').innerText()).resolves.toBe(
      'Open patient: 050766***** (Samtykke)',
    );
    expect(portalSessions().at(-1)).toMatchObject({ authorization: 'SP', status: 'active' });
    await e2e.checkA11y('Kjernejournal patient open, English');
    await e2e.screenshot('66-kjernejournal-patient-open-en');
    await page().getByRole('button', { name: 'Close the patient' }).click();
    await expect.poll(() => portalSessions().at(-1)?.status).toBe('ended');
    await expect.poll(() => page().getByTestId('portal-open-patient').count()).toBe(0);
  });
});
