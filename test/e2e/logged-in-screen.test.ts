// The logged-in screen as a clinician uses it: trying every service (each keeps its own answer), a
// unit switch with the keyboard only (focus lands on the line naming the new unit), and the same
// screens in English. Real emulator (strict), SoftHSM cards, main-process services and Chromium.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;
const userApis = () => e2e.app.services.config.apis.filter((api) => !api.machine);

useE2eApp((started) => (e2e = started));

describe('the logged-in screen', () => {
  it('tryingEveryService_oneRightAfterTheOther_eachShowsItsOwnAnswer', async () => {
    // the SoftHSM card (a PC/SC test elsewhere on the machine may put a virtual PIV copy in a reader)
    await page()
      .locator('li.card[data-card-id^="libsofthsm2"]', { hasText: 'Kari Nordmann' })
      .getByRole('button', { name: 'Logg inn: Kari Nordmann' })
      .click();
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('PIN-kode').fill('1234');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    await page().locator('[data-screen="logged-in"]').waitFor();
    expect(userApis().length).toBe(4);
    // as a person would: click down the list without waiting for each answer (some tokens are still
    // on their way: "Henter tilgang …")
    for (const api of userApis())
      await page()
        .getByRole('button', { name: `Prøv tjenesten: ${api.display_name!.nb}` })
        .click();
    for (const api of userApis()) {
      const card = page().locator(`li.api[data-api="${api.name}"]`);
      await expect
        .poll(() => card.getByTestId('api-result').textContent(), { message: api.name })
        .toBe('Tjenesten svarte. Alt er i orden.');
      await expect(card.getByTestId('api-status').textContent(), api.name).resolves.toBe('Klar');
    }
    // and they stay: an answer arriving for one service does not wipe another's
    await expect(page().getByTestId('api-result').count()).resolves.toBe(4);
    await e2e.checkA11y('logged in, every service tried');
    await e2e.screenshot('60-every-service-answered');
  });

  it('unitSwitch_withTheKeyboardOnly_landsFocusOnTheNewUnit', async () => {
    const select = page().getByLabel('Enhet');
    await select.focus();
    await page().keyboard.press('ArrowDown'); // the first child unit
    const chosen = await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent);
    expect(chosen).toMatch(/\(\d{9}\)$/);
    await page().keyboard.press('Tab');
    await expect.poll(() => page().evaluate(() => document.activeElement?.textContent)).toBe('Bytt enhet');
    await page().keyboard.press('Enter');
    const status = page().getByTestId('current-unit');
    await expect.poll(() => status.textContent()).toBe(`Enhet: ${chosen!.replace(/ \(\d{9}\)$/, '')}`);
    await expect
      .poll(() => page().evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('current-unit');
    await expect.poll(() => e2e.app.services.session.user()?.organization).toBe(/\((\d{9})\)$/.exec(chosen!)![1]);
    // the answers given for the previous unit are gone; each service is ready for the new one
    await expect(page().getByTestId('api-result').count()).resolves.toBe(0);
    await e2e.checkA11y('unit switched by keyboard');
    await e2e.screenshot('61-unit-switched-keyboard');
    // and back to the main unit, still by keyboard: focus stays in the switcher until it is done
    await select.focus();
    await page().keyboard.press('Home');
    await page().keyboard.press('Tab');
    await page().keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toBe('Enhet: Ingen underenhet (hovedenheten)');
    await expect
      .poll(() => page().evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('current-unit');
  });

  it('inEnglish_theSameScreen_speaksEnglishOnly', async () => {
    await page().getByTestId('language-switch').click();
    await page().getByRole('heading', { name: 'Logged in' }).waitFor();
    for (const api of userApis())
      await page()
        .getByRole('button', { name: `Try the service: ${api.display_name!.en}` })
        .click();
    for (const api of userApis()) {
      const card = page().locator(`li.api[data-api="${api.name}"]`);
      await expect
        .poll(() => card.getByTestId('api-result').textContent(), { message: api.name })
        .toBe('The service answered. All is well.');
      await expect(card.locator('h3').textContent()).resolves.toBe(api.display_name!.en);
    }
    const visible = await page().locator('main').innerText();
    for (const norwegian of ['Tjenest', 'Logget', 'Enhet', 'Prøv', 'Klar', 'Detaljer', 'underenhet'])
      expect(visible, norwegian).not.toContain(norwegian);
    await e2e.checkA11y('logged in, English');
    await e2e.screenshot('62-logged-in-en');
    await page().getByTestId('language-switch').click();
    await page().getByRole('heading', { name: 'Logget inn' }).waitFor();
  });
});
