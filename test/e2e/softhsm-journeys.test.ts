// The clinician's journeys on SoftHSM cards, one environment for the whole file (tests run in
// order and build on each other's state, as a person at the workstation would): several cards,
// Commfides login with a wrong PIN first, logout, Buypass login with one token per API, unit
// switch, language, settings, and finally pulling the card.
import { describe, expect, it } from 'vitest';
import { publishReadmeScreenshot, useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

useE2eApp((started) => (e2e = started));

async function logIn(holder: string, pins: readonly string[]) {
  await page()
    .locator('li.card', { hasText: holder })
    .getByRole('button', { name: /Logg inn|Log in/ })
    .click();
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
    // a stable order: by holder (then issuer), whatever order the readers reported them in
    const holders = await page().locator('li.card .holder').allTextContents();
    expect(holders).toEqual([...holders].sort((a, b) => a.localeCompare(b, 'nb')));
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

  it('expiredCard_saysWhyOnTheCard_andWhatToDo_withoutPinStateOrLoginButton', async () => {
    const eva = page().locator('li.card', { hasText: 'Eva' });
    const reason = eva.getByTestId('card-reason');
    await expect(reason.textContent()).resolves.toMatch(
      /^Kortet er utløpt\. Kortet til Eva Utløpt gikk ut \d\d\.\d\d\.\d{4}\./,
    );
    await expect(reason.textContent()).resolves.toContain('Hva du kan gjøre: Bestill nytt kort fra Buypass.');
    await expect(eva.getByTestId('card-valid-to').textContent()).resolves.toMatch(/^\d\d\.\d\d\.\d{4}$/);
    await expect(eva.getByTestId('card-pin').count()).resolves.toBe(0);
    await expect(eva.getByRole('button').count()).resolves.toBe(0);
    const unknown = page().locator('li.card', { hasText: 'Ukjent' });
    await expect(unknown.getByTestId('card-reason').textContent()).resolves.toContain(
      'Bruk et Buypass- eller Commfides-kort.',
    );
    await e2e.screenshot('01b-expired-card');
  });

  it('pinDialog_saysItsOwnFormatRule_andHint_notTheBrowsers', async () => {
    await page()
      .locator('li.card', { hasText: 'Per Uten-Hpr' })
      .getByRole('button', { name: 'Logg inn: Per Uten-Hpr' })
      .click();
    const dialog = page().getByRole('dialog');
    await dialog.waitFor();
    await expect(dialog.getByText('4–8 sifre').count()).resolves.toBe(1);
    await dialog.getByLabel('PIN-kode').fill('12');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    await expect(dialog.getByTestId('pin-format').textContent()).resolves.toBe(
      'PIN-koden er 4–8 sifre. Skriv bare tall.',
    );
    await expect(dialog.getByLabel('PIN-kode').getAttribute('aria-invalid')).resolves.toBe('true');
    await e2e.checkA11y('PIN dialog, format error');
    await e2e.screenshot('02b-pin-format');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await page().locator('[data-screen="card-present"]').waitFor();
  });

  // ~5–13 s: a whole card login in Chromium and a call to each of the five APIs, each with its own token.
  it('login_withBuypassCard_showsOneSingleAudienceTokenPerApi_andCallsEach', async () => {
    await logIn('Kari Nordmann', ['1234']);
    await expect(page().getByTestId('user-hpr').textContent()).resolves.toBe('9144900');
    await expect(page().getByTestId('user-level').textContent()).resolves.toBe('høyt (nivå 4)');
    const config = e2e.app.services.config.apis.filter((api) => !api.machine);
    expect(config.length).toBeGreaterThanOrEqual(3);
    for (const api of config) {
      const card = page().locator(`li.api[data-api="${api.name}"]`);
      // one audience: exactly this API's resource, and only its scopes
      await expect(card.getByTestId('api-audience').textContent()).resolves.toBe(api.resource);
      await expect(card.getByTestId('api-scopes').textContent()).resolves.toBe(api.scopes.join(' '));
      // the other APIs' tokens arrive after the logged-in view ("Henter tilgang …" until then)
      await page().locator(`li.api[data-api="${api.name}"][data-state="valid"]`).waitFor();
      await expect(card.getByTestId('api-expires').textContent()).resolves.toMatch(/^\d\d:\d\d:\d\d$/);
      // clinicians read the display name, its purpose and the state in words
      await expect(card.locator('h3').textContent()).resolves.toBe(api.display_name!.nb);
      await expect(card.textContent()).resolves.toContain(api.purpose!.nb);
      await expect(card.getByTestId('api-status').textContent()).resolves.toBe('Klar');
      await card.getByRole('button', { name: `Prøv tjenesten: ${api.display_name!.nb}` }).click();
      await expect
        .poll(() => card.getByTestId('api-result').textContent(), { message: api.name })
        .toBe('Tjenesten svarte. Alt er i orden.');
      // the technical part is closed until IT opens it: no JSON, audience or scopes in sight
      await expect(card.getByTestId('api-body').isVisible()).resolves.toBe(false);
      await expect(card.getByTestId('api-audience').isVisible()).resolves.toBe(false);
    }
    const visible = await page().locator('main').innerText();
    for (const technical of ['{', '"sub"', 'jkt', 'client_id', 'urn:', 'nhn:helseid-desktop'])
      expect(visible, technical).not.toContain(technical);
    const audiences = e2e.app.services.session.apis().map((a) => a.audience);
    expect(new Set(audiences).size).toBe(audiences.length);
    await e2e.checkA11y('logged in');
    await e2e.screenshot('03-logged-in');
    await publishReadmeScreenshot('03-logged-in');
    // IT opens the details: audience, scopes, expiry and the answer
    const person = page().locator('li.api[data-api="person"]');
    await person.getByText('Detaljer for IT').click();
    await expect(person.getByTestId('api-body').isVisible()).resolves.toBe(true);
    await e2e.checkA11y('logged in, details for IT open');
    await e2e.screenshot('03b-details-for-it');
    await person.getByText('Detaljer for IT').click();
  });

  it('unitSwitch_getsTokensForTheChosenUnit_withoutANewLogin', async () => {
    const before = e2e.app.services.session.apis().map((a) => a.expiresAt);
    await page().getByLabel('Enhet').selectOption({ label: 'Legekontoret, avdeling Nord (912345680)' });
    await page().getByRole('button', { name: 'Bytt enhet' }).click();
    await expect.poll(() => e2e.app.services.session.user()?.organization).toBe('912345680');
    await expect.poll(() => page().getByTestId('current-unit').textContent()).toContain('avdeling Nord');
    // Commfides login, its logout, Per's cancelled login, Kari's login: no new login tab
    expect(e2e.app.browserTabs.length).toBe(4);
    const person = page().locator('li.api[data-api="person"]');
    await person.getByRole('button', { name: /Prøv tjenesten/ }).click();
    await expect.poll(() => person.getByTestId('api-body').textContent()).toContain('912345680');
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
    await e2e.app.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(e2e.app.appUrl).origin,
    });
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

  // how fast the session ends is measured by bench/card-removal (removal latency), not asserted here
  it('cardRemoved_afterLogin_leavesTheSession_andDropsEveryToken', async () => {
    await e2e.pullCard('Buypass Kari Nordmann');
    await page().locator('[data-screen="card-present"]').waitFor();
    expect(e2e.app.services.controller.view().apis).toEqual([]);
    expect(e2e.app.services.session.apis()).toEqual([]);
    expect(e2e.app.services.session.personId()).toBeUndefined();
    await expect(page().locator('li.card', { hasText: 'Kari Nordmann' }).count()).resolves.toBe(0);
    // with every card gone, the window asks for one
    for (const label of ['Commfides Ola Hansen', 'Buypass Per Uten-Hpr', 'Buypass Eva Utlopt', 'Ukjent Utsteder'])
      await e2e.pullCard(label);
    await page().locator('[data-screen="insert-card"]').waitFor();
    await e2e.checkA11y('insert card');
    await e2e.screenshot('07-insert-card');
  });
});
