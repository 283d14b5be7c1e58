// The walking skeleton, end to end on real components: a virtual Buypass card in SoftHSM, the
// embedded HelseID authority, a demo API, the main-process services, and the real renderer in
// Chromium — with a second Chromium tab as the system browser.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;

useE2eApp((started) => (e2e = started));

describe('walking skeleton', () => {
  it('cardIn_login_withPin_showsUser_andCallsTheApi', async () => {
    const page = e2e.app.appPage;
    const kari = page.locator('li.card', { hasText: 'Kari Nordmann' });
    await kari.waitFor();
    await expect(kari.textContent()).resolves.toContain('Buypass (test)');
    await e2e.screenshot('01-card-present');

    await kari.getByRole('button', { name: 'Logg inn' }).click();
    const pinDialog = page.getByRole('dialog');
    await pinDialog.waitFor();
    // The system browser tab shows the emulated Buypass page, waiting for the card.
    expect(e2e.app.browserTabs).toHaveLength(1);
    await e2e.screenshot('02-pin');
    await pinDialog.getByLabel('PIN-kode').fill('1234');
    await pinDialog.getByRole('button', { name: 'Bekreft' }).click();

    await page.locator('[data-screen="logged-in"]').waitFor();
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('Kari Nordmann');
    await expect(page.getByTestId('user-hpr').textContent()).resolves.toBe('9144900');
    await expect(page.getByTestId('user-pid').textContent()).resolves.toBe('138270*****');
    // The browser tab landed on the loopback listener's page, which closed the tab (its only history
    // entry: redirects and the card page's refresh); where a browser keeps it, it says it can be
    // closed (test/e2e/tab-closing.test.ts).
    await expect.poll(() => e2e.app.browserTabs[0]!.isClosed()).toBe(true);

    const personApi = page.locator('li.api[data-api="person"]');
    await personApi.getByRole('button', { name: 'Prøv tjenesten: Persontjenesten (demo)' }).click();
    await expect
      .poll(() => personApi.getByTestId('api-result').textContent())
      .toBe('Tjenesten svarte. Alt er i orden.');
    const body = await personApi.getByTestId('api-body').textContent();
    expect(body).not.toMatch(/\d{11}/);
    await e2e.screenshot('03-logged-in-walking-skeleton'); // its own name: e2e files run side by side

    // Nothing secret reached the window: no token, no full national id number.
    const html = await page.content();
    expect(html).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(html).not.toContain('13827099842');
  });
});
