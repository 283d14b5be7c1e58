// "Prøv igjen" on the error banners where doing the same again can help: HelseID not answering at
// login, and a service not answering. The fault is made in the real emulator (its fault knobs), the
// person presses "Prøv igjen" with the keyboard once it is gone, and the same action succeeds.
// Real emulator (strict), SoftHSM cards, main-process services and Chromium.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;
const activeTestId = () => page().evaluate(() => document.activeElement?.getAttribute('data-testid'));

useE2eApp((started) => (e2e = started));

/** the SoftHSM card (a PC/SC test elsewhere on the machine may put a virtual PIV copy in a reader) */
const softHsmCard = (holder: string) => page().locator('li.card[data-card-id^="libsofthsm2"]', { hasText: holder });

describe('trying again', () => {
  it('helseIdNotAnsweringAtLogin_offersPrøvIgjen_whichLogsInOnceHelseIdIsBack', async () => {
    e2e.env.faults.set({ endpoints: { par: { drop: true } } });
    try {
      await softHsmCard('Kari Nordmann').getByRole('button', { name: 'Logg inn: Kari Nordmann' }).click();
      const banner = page().getByRole('alert');
      await banner.waitFor({ timeout: 30_000 });
      await expect(banner.getAttribute('data-error-code')).resolves.toBe('authority-unreachable');
      await expect(banner.locator('h2').textContent()).resolves.toBe('HelseID svarer ikke');
      await e2e.checkA11y('HelseID not answering, with Prøv igjen');
      await e2e.screenshot('50-try-again-login');
    } finally {
      e2e.env.faults.reset();
    }
    // keyboard only: Tab to the button, Enter
    const button = page().getByRole('button', { name: 'Prøv igjen' });
    await button.focus();
    await page().keyboard.press('Enter');
    // the login starts again: its screen's heading takes focus, then the card asks for the PIN
    const dialog = page().getByRole('dialog');
    await dialog.getByLabel('PIN-kode').fill('1234');
    await dialog.getByRole('button', { name: 'Bekreft' }).click();
    await page().locator('[data-screen="logged-in"]').waitFor();
    await expect(page().getByRole('alert').count()).resolves.toBe(0);
    await expect.poll(() => page().evaluate(() => document.activeElement?.id)).toBe('screen-title');
  });

  it('serviceNotAnswering_offersPrøvIgjen_whichGetsTheAnswerOnceItIsBack_withFocusOnThatService', async () => {
    const person = page().locator('li.api[data-api="person"]');
    await page().locator('li.api[data-api="person"][data-state="valid"]').waitFor();
    e2e.env.faults.set({ endpoints: { api: { drop: true } } });
    try {
      await person.getByRole('button', { name: /^Prøv tjenesten/ }).click();
      const banner = page().getByRole('alert');
      await banner.waitFor({ timeout: 30_000 });
      await expect(banner.getAttribute('data-error-code')).resolves.toBe('api-unreachable');
      await expect(person.getByTestId('api-status').textContent()).resolves.toContain('Svarer ikke');
      await e2e.checkA11y('service not answering, with Prøv igjen');
      await e2e.screenshot('51-try-again-service');
      // the same banner in English
      await page().getByTestId('language-switch').click();
      await expect.poll(() => page().getByTestId('try-again').textContent()).toBe('Try again');
      await expect(banner.locator('h2').textContent()).resolves.toBe('The service is not responding');
      await e2e.checkA11y('service not answering, English');
      await e2e.screenshot('51b-try-again-service-en');
      await page().getByTestId('language-switch').click();
      // still down: trying again keeps the banner, and focus stays on the button
      const failedAt = e2e.app.services.controller.lastError()!.at;
      await page().getByRole('button', { name: 'Prøv igjen' }).focus();
      await page().keyboard.press('Enter');
      await expect
        .poll(() => e2e.app.services.controller.lastError()!.at, { timeout: 30_000 })
        .toBeGreaterThan(failedAt);
      await expect.poll(() => page().getByTestId('try-again').textContent()).toBe('Prøv igjen');
      await expect(banner.getAttribute('data-error-code')).resolves.toBe('api-unreachable');
      await expect.poll(activeTestId).toBe('try-again');
    } finally {
      e2e.env.faults.reset();
    }
    await page().keyboard.press('Enter');
    await expect.poll(() => person.getByTestId('api-result').textContent()).toBe('Tjenesten svarte. Alt er i orden.');
    await expect(page().getByRole('alert').count()).resolves.toBe(0);
    await expect(person.getByTestId('api-status').textContent()).resolves.toBe('Klar');
    // focus lands where the answer is: that service's own button
    await expect
      .poll(() => page().evaluate(() => document.activeElement?.closest('li.api')?.getAttribute('data-api')))
      .toBe('person');
    await e2e.checkA11y('service answered after trying again');
  });
});
