// card_removal: 'lock' from a machine-wide configuration file: pulling the card locks the session
// (nothing usable in the window, the session held in main), and only the same card with its PIN —
// a local challenge signed on the SoftHSM token and verified in main — unlocks it.
import { describe, expect, it } from 'vitest';
import { createPkcs11CardService } from '../../src/main/card/pkcs11-card-service.ts';
import { HidingCardService } from './hiding-card-service.ts';
import { useE2eApp } from './harness.ts';
import { openPatient } from './kjernejournal-panel.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
let cards: HidingCardService;
const page = () => e2e.app.appPage;
const KARI = 'Buypass Kari Nordmann';

useE2eApp((started) => (e2e = started), {
  config: { card_removal: 'lock' },
  cards: (env) =>
    (cards = new HidingCardService(
      createPkcs11CardService({ modules: [env.info.pkcs11_module], env: { SOFTHSM2_CONF: env.info.softhsm2_conf } }),
    )),
});

async function enterPin(pin: string) {
  const dialog = page().getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel('PIN-kode').fill(pin);
  await dialog.getByRole('button', { name: 'Bekreft' }).click();
}

describe('lock on card removal', () => {
  it('settings_showTheConfigurationFile_asTheSource', async () => {
    await page().getByTestId('nav-settings').click();
    await expect(page().getByTestId('config-source').textContent()).resolves.toBe(e2e.configFile);
    await expect(page().getByTestId('config-card-removal').textContent()).resolves.toBe('Lås økten');
    await page().getByTestId('nav-back').click();
  });

  it('cardRemoved_locksTheSession_withNothingUsableInTheWindow', async () => {
    await page().locator('li.card', { hasText: 'Kari Nordmann' }).getByRole('button', { name: 'Logg inn' }).click();
    await enterPin('1234');
    await page().locator('[data-screen="logged-in"]').waitFor();
    cards.pull(KARI);
    await page().locator('[data-screen="locked"]').waitFor();
    const view = e2e.app.services.controller.view();
    expect(view.apis).toEqual([]);
    expect(view.user).toBeUndefined();
    await expect(page().content()).resolves.not.toContain('138270');
    expect(e2e.app.services.session.user()).toBeDefined(); // held in main, unusable
    const refused = await page().evaluate(() =>
      (
        window as unknown as {
          helseid: { callApi(r: { name: string }): Promise<{ ok: boolean; error?: { code: string } }> };
        }
      ).helseid.callApi({ name: 'person' }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'session-locked' } });
    await e2e.checkA11y('locked');
    await e2e.screenshot('20-locked');
  });

  it('sameCardBack_wrongPinThenRightPin_unlocksTheSameSession', async () => {
    const tabsBefore = e2e.app.browserTabs.length;
    cards.putBack(KARI);
    await enterPin('9999');
    await page().getByRole('dialog').locator('[data-error-code]').waitFor();
    await enterPin('1234');
    await page().locator('[data-screen="logged-in"]').waitFor();
    expect(e2e.app.browserTabs.length).toBe(tabsBefore); // no new login in the browser
    const person = page().locator('li.api[data-api="person"]');
    await person.getByRole('button', { name: /Prøv tjenesten/ }).click();
    await expect.poll(() => person.getByTestId('api-result').textContent()).toBe('Tjenesten svarte. Alt er i orden.');
  });

  it('aPatientOpenInKjernejournal_isClosedWhenTheCardLocksTheSession_andStaysClosedAfterTheUnlock', async () => {
    // the patient is in the portal session's token only while it is open: a locked workstation must
    // not leave it open in the browser for whoever sits down next
    const tab = await openPatient(e2e, '05076600343', 'Samtykke');
    expect(e2e.env.kjernejournal.sessions().at(-1)).toMatchObject({ status: 'active' });
    cards.pull(KARI);
    await page().locator('[data-screen="locked"]').waitFor();
    await expect.poll(() => e2e.env.kjernejournal.sessions().at(-1)?.status).toBe('ended');
    await tab.reload();
    await expect(tab.locator('main').innerText()).resolves.toContain('Sesjonen er avsluttet');
    await expect(tab.locator('main').innerText()).resolves.not.toContain('05076600343');
    cards.putBack(KARI);
    await enterPin('1234');
    await page().locator('[data-screen="logged-in"]').waitFor();
    await expect(page().getByTestId('portal-open-patient').count()).resolves.toBe(0);
  });
});
