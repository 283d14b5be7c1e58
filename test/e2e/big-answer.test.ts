// Issue 21, item 6: an API that answers with a huge document. The app reads no more than 1 MB of
// it and shows the start under "Detaljer for IT"; the window says the service answered — never
// "internal" (a 10 MB string used to overflow the redaction patterns). Real emulator (its fault
// knob pads every demo API answer), SoftHSM card, Chromium.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

useE2eApp((started) => (e2e = started));

describe('a huge API answer', () => {
  it('tenMegabyteAnswer_theServiceAnswered_theStartIsShownForIt_noInternalError', async () => {
    await e2e.logInWithCard('Kari Nordmann', '1234');

    e2e.env.faults.set({ apiAnswerPaddingChars: 10 * 1024 * 1024 });
    const person = page().locator('li.api[data-api="person"]');
    await person.getByRole('button', { name: /^Prøv tjenesten: / }).click();
    await expect.poll(() => person.getByTestId('api-result').textContent()).toBe('Tjenesten svarte. Alt er i orden.');
    await expect(page().getByRole('alert').count()).resolves.toBe(0);
    const body = (await person.getByTestId('api-body').textContent()) ?? '';
    // the start of the answer, cut (the app did not read the other 9 MB)
    expect(body.length).toBeLessThan(5_000);
    expect(body).toMatch(/…"?$/);
    expect(e2e.app.started.controller.view().error).toBeUndefined();
    await e2e.screenshot('64-huge-api-answer');
  });
});
