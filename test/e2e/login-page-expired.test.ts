// Issue 13: the login page loaded only after the PAR request_uri had expired (the browser was slow,
// or the person waited). The browser tab shows the authority's error page; the window must say that
// the login took too long and to start again — never that the card was not accepted. The delay is
// played by expiring the request_uri (the emulator's test hook) just before the "system browser"
// tab loads the login page (the harness's hook between the app handing the URL to the OS and the
// tab loading it). Real emulator (strict), SoftHSM cards, main-process services and Chromium.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { SCREENSHOTS, useE2eApp, type E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

let expireBeforeTheBrowserLoads = false;
useE2eApp((started) => (e2e = started), {
  beforeBrowserLoads: async () => {
    if (expireBeforeTheBrowserLoads) e2e.env.expireUnusedRequestUris();
  },
});

/** the SoftHSM card (a PC/SC test elsewhere on the machine may put a virtual PIV copy in a reader) */
const softHsmCard = (holder: string) => page().locator('li.card[data-card-id^="libsofthsm2"]', { hasText: holder });

describe('the login page expired before the browser loaded it', () => {
  it('cardLogin_loginPageLoadedAfterTheRequestUriExpired_theWindowSaysItTookTooLong_notThatTheCardWasRefused', async () => {
    // the browser tab loads the login page only once the request_uri has expired
    expireBeforeTheBrowserLoads = true;
    try {
      await softHsmCard('Kari Nordmann').getByRole('button', { name: 'Logg inn: Kari Nordmann' }).click();
      const banner = page().getByRole('alert');
      await banner.waitFor({ timeout: 30_000 });
      await expect(banner.getAttribute('data-error-code')).resolves.toBe('login-page-expired');
      await expect(banner.locator('h2').textContent()).resolves.toBe('Innloggingen tok for lang tid');
      const text = await banner.textContent();
      expect(text).toContain('Det var ikke noe galt med kortet');
      expect(text).not.toContain('Kortet ble ikke godtatt');
      await expect(page().getByRole('button', { name: 'Prøv igjen' }).count()).resolves.toBe(1);
      await e2e.checkA11y('login page expired');
      await e2e.screenshot('52-login-page-expired');
      // the browser tab got the authority's error page, not a redirect anywhere
      const tab = e2e.app.browserTabs.at(-1)!;
      await expect.poll(() => tab.content()).toContain('invalid_request_uri');
      await tab.screenshot({ path: path.join(SCREENSHOTS, '52b-login-page-expired-browser.png') });
      // the same banner in English
      await page().getByTestId('language-switch').click();
      await expect.poll(() => banner.locator('h2').textContent()).toBe('The login took too long');
      await expect(banner.textContent()).resolves.toContain('Nothing was wrong with the card');
      await e2e.screenshot('52c-login-page-expired-en');
      await page().getByTestId('language-switch').click();
    } finally {
      expireBeforeTheBrowserLoads = false;
    }
  });
});
