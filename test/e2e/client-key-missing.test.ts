// The clinic's client key file is gone: the window opens on "Feil i oppsettet" at start (it used to
// show the card list and fail every login), the clinician reads what it means for them (login is not
// set up here, the card is fine, call IT), and IT opens "Detaljer for IT" to read what `doctor`
// says — the file, what is wrong, the fix, the command to run — in the window's language, with no
// "Prøv igjen" (trying again cannot bring the file back). Real emulator, SoftHSM cards, Chromium.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DESKTOP_CLIENT_ID } from '../../authority/settings.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
let keyFile: string;
const page = () => e2e.app.appPage;

beforeAll(async () => {
  // the embedded environment's own client (so the refusal is about the key, not an unknown client),
  // its key file path pointing where nothing is: a deleted file or a wrong deployment
  keyFile = path.join(tmpdir(), `helseid-e2e-no-key-${process.pid}`, 'client.jwk.json');
  e2e = await startE2eApp({ config: { client: { client_id: DESKTOP_CLIENT_ID, private_jwk_path: keyFile } } });
});

afterAll(async () => {
  await e2e?.close();
});

describe('client key file missing', () => {
  it('clientKeyMissing_atStart_feilIOppsettet_clinicianReadsWhatItMeans_itDetailsNameTheFileTheFixAndTheCommand', async () => {
    const screen = page().locator('[data-screen="setup-error"]');
    await screen.waitFor();
    await expect(screen.getAttribute('data-error-code')).resolves.toBe('client-key-invalid');
    await expect(screen.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Feil i oppsettet');
    await expect(screen.getByTestId('setup-what').textContent()).resolves.toMatch(
      /^Innlogging er ikke satt opp på denne maskinen\. Programmet kan ikke bruke nøkkelen/,
    );
    await expect(screen.getByRole('button', { name: 'Prøv igjen' }).count()).resolves.toBe(0);
    // IT's part is there, closed: the person sees no path until it is opened
    const details = screen.getByTestId('error-it-details');
    await expect(details.getAttribute('open')).resolves.toBeNull();
    await expect(details.locator('[data-it="file"]').isVisible()).resolves.toBe(false);
    await expect(screen.innerText()).resolves.not.toContain(keyFile);
    await e2e.checkA11y('client key missing');
    await e2e.screenshot('60-client-key-missing-nb');
    await details.locator('summary').click();
    await expect(details.locator('[data-it="file"]').textContent()).resolves.toBe(keyFile);
    await expect(details.locator('[data-it="finding"]').textContent()).resolves.toBe(
      `Klientnøkkelen mangler: Nøkkelfilen ${keyFile} finnes ikke. Uten den kan ingen logge inn.`,
    );
    await expect(details.locator('[data-it="todo"]').textContent()).resolves.toContain('client.private_jwk_path');
    await expect(details.locator('[data-it="run"]').textContent()).resolves.toContain('helseid-desktop doctor');
    await expect(details.locator('[data-it="code"]').textContent()).resolves.toBe(
      'client-key-invalid (client-key-missing)',
    );
    await e2e.checkA11y('client key missing, details for IT open');
    await e2e.screenshot('61-client-key-missing-it-details-nb');
  });

  it('clientKeyMissing_inEnglish_theSameDetailsInEnglish', async () => {
    await page().getByTestId('language-switch').click();
    const screen = page().locator('[data-screen="setup-error"]');
    await expect.poll(() => screen.getByRole('heading', { level: 2 }).textContent()).toBe('Configuration error');
    await expect(screen.getByTestId('setup-what').textContent()).resolves.toMatch(
      /^Login is not set up on this computer\. /,
    );
    const details = screen.getByTestId('error-it-details');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await expect(details.locator('[data-it="finding"]').textContent()).resolves.toBe(
      `Client key missing: The key file ${keyFile} does not exist. Without it nobody can log in.`,
    );
    await expect(details.textContent()).resolves.toContain('What IT does');
    await e2e.screenshot('62-client-key-missing-it-details-en');
  });
});
