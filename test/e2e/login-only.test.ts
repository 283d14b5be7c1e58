// Login only, end to end: a configuration file with no APIs, a virtual Buypass card in SoftHSM, the
// embedded authority, the real main-process services and the real renderer in Chromium. The card
// holder logs in with the PIN; the window shows who logged in and offers no API.
import { describe, expect, it } from 'vitest';
import { useE2eApp, type E2eApp } from './harness.ts';

let e2e: E2eApp;

// a machine-wide configuration file with the embedded environment and no APIs (and no portal) at all
useE2eApp((started) => (e2e = started), { config: { apis: [], portals: {} } });

describe('login only', () => {
  it('configWithoutApis_cardLoginWithPin_showsPersonAndNoApis', async () => {
    const page = e2e.app.appPage;
    const kari = page.locator('li.card', { hasText: 'Kari Nordmann' });
    await kari.waitFor();
    await kari.getByRole('button', { name: 'Logg inn' }).click();
    const pinDialog = page.getByRole('dialog');
    await pinDialog.waitFor();
    await pinDialog.getByLabel('PIN-kode').fill('1234');
    await pinDialog.getByRole('button', { name: 'Bekreft' }).click();

    await page.locator('[data-screen="logged-in"]').waitFor();
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('Kari Nordmann');
    await expect(page.getByTestId('user-hpr').textContent()).resolves.toBe('9144900');
    await expect(page.locator('[data-screen="logged-in"] dd').nth(1).textContent()).resolves.toBe('høyt (nivå 4)');
    await expect(page.locator('li.api').count()).resolves.toBe(0);
    await expect(page.locator('#apis-title').count()).resolves.toBe(0);
    await expect(page.getByRole('combobox').count()).resolves.toBe(0); // no unit switcher without APIs
    await expect(page.getByRole('button', { name: /Prøv tjenesten/ }).count()).resolves.toBe(0);
    await e2e.screenshot('login-only-logged-in');

    const html = await page.content();
    expect(html).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(html).not.toContain('13827099842');
  });
});
