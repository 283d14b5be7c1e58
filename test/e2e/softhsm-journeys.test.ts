// The clinician's journeys on SoftHSM cards, one environment for the whole file (tests run in
// order and build on each other's state, as a person at the workstation would): several cards,
// Commfides login with a wrong PIN first, logout, Buypass login with one token per API, unit
// switch, language, settings, and finally pulling the card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishReadmeScreenshot, startE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

beforeAll(async () => {
  e2e = await startE2eApp();
});

afterAll(async () => {
  await e2e?.close();
});

async function logIn(holder: string, pins: readonly string[]) {
  await page().locator('li.card', { hasText: holder }).getByRole('button', { name: /Logg inn|Log in/ }).click();
  for (const pin of pins) {
    const dialog = page().getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(/PIN/).fill(pin);
    await dialog.getByRole('button', { name: /Bekreft|Confirm/ }).click();
    if (pin !== pins.at(-1)) await dialog.locator('[data-error-code]').waitFor();
  }
  await page().locator('[data-screen="logged-in"]').waitFor();
}

describe('journeys on SoftHSM cards', () => {
  it('severalCards_areListed_withHolderIssuerAndPinState', async () => {
    await page().locator('[data-screen="card-present"]').waitFor();
    await expect(page().locator('#screen-title').textContent()).resolves.toBe('Velg kort');
    const ola = page().locator('li.card', { hasText: 'Hansen' });
    await expect(ola.textContent()).resolves.toContain('Commfides (test)');
    await expect(ola.getByTestId('card-pin').textContent()).resolves.toBe('Kan brukes');
    // the expired card and the one from an unknown CA cannot log in, and say why
    await expect(page().locator('li.card-unusable').count()).resolves.toBe(2);
    await e2e.checkA11y('several cards');
    await e2e.screenshot('01-several-cards');
  });

  it('login_withCommfidesCard_wrongPinThenRightPin_showsOlaHansen', async () => {
    await page().locator('li.card', { hasText: 'Hansen' }).getByRole('button', { name: 'Logg inn' }).click();
    await expect(page().locator('[data-screen="logging-in"]').count()).resolves.toBeLessThanOrEqual(1);
    const dialog = page().getByRole('dialog');
    await dialog.waitFor();
    await e2e.checkA11y('PIN dialog');
    await dialog.getByLabel('PIN-kode').fill('9999');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    const problem = dialog.locator('[data-error-code]');
    await problem.waitFor();
    await expect(problem.getAttribute('data-error-code')).resolves.toMatch(/^card-pin-incorrect/);
    await e2e.screenshot('02-pin-wrong');
    await dialog.getByLabel('PIN-kode').fill('2345');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    await page().locator('[data-screen="logged-in"]').waitFor();
    await expect(page().getByTestId('user-name').textContent()).resolves.toBe('Ola Johan Hansen');
    await expect(page().getByTestId('user-pid').textContent()).resolves.toMatch(/^\d{6}\*{5}$/);
  });

  it('logout_endsTheSession_andShowsTheCardsAgain', async () => {
    await page().getByRole('button', { name: 'Logg ut' }).click();
    await page().locator('[data-screen="card-present"]').waitFor();
    expect(e2e.app.services.session.user()).toBeUndefined();
    expect(e2e.app.services.session.apis()).toEqual([]);
  });

  it('login_withBuypassCard_showsOneSingleAudienceTokenPerApi_andCallsEach', async () => {
    await logIn('Kari Nordmann', ['1234']);
    await expect(page().getByTestId('user-hpr').textContent()).resolves.toBe('9144900');
    await expect(page().getByTestId('user-level').textContent()).resolves.toBe('4');
    const config = e2e.app.services.config.apis.filter((api) => !api.machine);
    expect(config.length).toBeGreaterThanOrEqual(3);
    for (const api of config) {
      const card = page().locator(`li.api[data-api="${api.name}"]`);
      // one audience: exactly this API's resource, and only its scopes
      await expect(card.getByTestId('api-audience').textContent()).resolves.toBe(api.resource);
      await expect(card.getByTestId('api-scopes').textContent()).resolves.toBe(api.scopes.join(' '));
      // the other APIs' tokens arrive after the logged-in view ("Henter tilgang …" until then)
      await page().locator(`li.api[data-api="${api.name}"][data-state="valid"]`).waitFor();
      await expect(card.getByTestId('api-expires').textContent()).resolves.toMatch(/^\d+ s$/);
      await card.getByRole('button', { name: `Kall tjenesten: ${api.name}` }).click();
      await card.locator('.result h4').waitFor();
      await expect(card.locator('.result h4').textContent(), api.name).resolves.toContain('HTTP 200');
    }
    const audiences = e2e.app.services.session.apis().map((a) => a.audience);
    expect(new Set(audiences).size).toBe(audiences.length);
    await e2e.checkA11y('logged in');
    await e2e.screenshot('03-logged-in');
    await publishReadmeScreenshot('03-logged-in');
  });

  it('unitSwitch_getsTokensForTheChosenUnit_withoutANewLogin', async () => {
    const before = e2e.app.services.session.apis().map((a) => a.expiresAt);
    await page().getByLabel('Enhet').selectOption({ label: 'Legekontoret, avdeling Nord (912345680)' });
    await page().getByRole('button', { name: 'Bytt enhet' }).click();
    await expect.poll(() => e2e.app.services.session.user()?.organization).toBe('912345680');
    await expect.poll(() => page().getByTestId('current-unit').textContent()).toContain('avdeling Nord');
    expect(e2e.app.browserTabs.length).toBe(3); // Commfides login, its logout, Kari's login: no new login tab
    const person = page().locator('li.api[data-api="person"]');
    await person.getByRole('button', { name: /Kall tjenesten/ }).click();
    await expect.poll(() => person.getByTestId('api-result').textContent()).toContain('912345680');
    expect(e2e.app.services.session.apis().map((a) => a.expiresAt)).not.toEqual(before);
    await e2e.screenshot('04-unit-switched');
  });

  it('languageSwitch_toEnglish_isKeptAsAPreference_acrossAReload', async () => {
    await page().getByTestId('language-switch').click();
    await page().getByRole('heading', { name: 'Logged in' }).waitFor();
    await expect.poll(() => e2e.app.services.preferences.get().language).toBe('en');
    await page().reload();
    await page().getByRole('heading', { name: 'Logged in' }).waitFor();
    await expect(page().locator('html').getAttribute('lang')).resolves.toBe('en');
    await e2e.checkA11y('logged in, English');
    await page().getByTestId('language-switch').click();
    await page().getByRole('heading', { name: 'Logget inn' }).waitFor();
  });

  it('settings_showTheMachineConfiguration_andItsSource', async () => {
    await page().getByTestId('nav-settings').click();
    await page().locator('[data-screen="settings"]').waitFor();
    await expect(page().getByTestId('config-source').textContent()).resolves.toMatch(/^Innebygd HelseID-testmiljø/);
    await expect(page().getByTestId('config-card-removal').textContent()).resolves.toBe('Logg ut');
    await expect(page().locator('[data-screen="settings"]').textContent()).resolves.not.toContain('private');
    await e2e.checkA11y('settings');
    await e2e.screenshot('05-settings');
    await page().getByTestId('nav-back').click();
    await page().locator('[data-screen="logged-in"]').waitFor();
  });

  it('diagnostics_showTheReport_withoutSecrets_andCopyIt', async () => {
    await e2e.app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(e2e.app.appUrl).origin });
    await page().getByTestId('nav-diagnostics').click();
    const report = page().getByTestId('diagnostics-report');
    await report.waitFor();
    const text = (await report.textContent()) ?? '';
    expect(text).toContain('Kari Nordmann');
    expect(text).not.toMatch(/\d{11}|eyJ/); // no national id number, no token
    await page().getByRole('button', { name: 'Kopier rapporten' }).click();
    await expect.poll(() => page().getByTestId('copy-status').textContent()).toBe('Kopiert til utklippstavlen.');
    await expect(page().evaluate(() => navigator.clipboard.readText())).resolves.toBe(text);
    await e2e.checkA11y('diagnostics');
    await e2e.screenshot('06-diagnostics');
    await page().getByTestId('nav-back').click();
    await page().locator('[data-screen="logged-in"]').waitFor();
  });

  it('cardRemoved_afterLogin_leavesTheSessionWithinASecond_andDropsEveryToken', async () => {
    await e2e.pullCard('Buypass Kari Nordmann');
    const pulled = Date.now();
    await page().locator('[data-screen="card-present"]').waitFor({ timeout: 1_000 });
    expect(Date.now() - pulled).toBeLessThan(1_000);
    expect(e2e.app.services.controller.view().apis).toEqual([]);
    expect(e2e.app.services.session.apis()).toEqual([]);
    expect(e2e.app.services.session.personId()).toBeUndefined();
    await expect(page().locator('li.card', { hasText: 'Kari Nordmann' }).count()).resolves.toBe(0);
    // with every card gone, the window asks for one
    for (const label of ['Commfides Ola Hansen', 'Buypass Per Uten-Hpr', 'Buypass Eva Utlopt', 'Ukjent Utsteder']) await e2e.pullCard(label);
    await page().locator('[data-screen="insert-card"]').waitFor();
    await e2e.checkA11y('insert card');
    await e2e.screenshot('07-insert-card');
  });
});
