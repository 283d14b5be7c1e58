// Issue 21, item 3: a unit switch HelseID refuses leaves the person visibly in the unit they had —
// the list goes back to it, the line under it names it, the banner says what happened. Real
// emulator (its fault knob refuses the next token request), SoftHSM card, Chromium.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

useE2eApp((started) => (e2e = started));

describe('a refused unit switch', () => {
  it('unitSwitchRefused_theListAndTheLineShowTheUnitThePersonStillHas_andTheBannerSaysSo', async () => {
    await e2e.logInWithCard('Kari Nordmann', '1234');
    await e2e.app.services.session.tokensSettled();

    const select = page().getByLabel('Enhet');
    const status = page().getByTestId('current-unit');
    const before = await status.textContent();
    e2e.env.faults.set({ endpoints: { token: { status: 400, error: 'invalid_request', times: 1 } } });
    await select.selectOption({ index: 2 });
    await page().getByRole('button', { name: 'Bytt enhet' }).click();

    const banner = page().getByRole('alert');
    await banner.waitFor();
    await expect(banner.locator('h2').textContent()).resolves.toBe('HelseID godtok ikke enheten');
    await expect(banner.textContent()).resolves.toContain('Du er fortsatt logget inn for enheten du hadde');
    await expect.poll(() => select.inputValue()).toBe('');
    await expect(status.textContent()).resolves.toBe(before);
    expect(e2e.app.services.session.user()?.organization).toBeUndefined();
    // every service still works for the unit the person has (the refused token was fetched again)
    await expect.poll(() => page().locator('li.api[data-status="ready"]').count()).toBe(4);
    await e2e.checkA11y('unit switch refused');
    await e2e.screenshot('65-unit-switch-refused-nb');
  });
});
