// Start-up never ends in silence: a broken machine configuration opens the window on "Feil i
// oppsettet", naming the file, the field and what is expected, with the troubleshooting report one
// click away — real services, real renderer in Chromium.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

// an API without a resource: the example the README gives
useE2eApp((started) => (e2e = started), {
  configText: JSON.stringify({
    authority: { kind: 'embedded', issuer: 'http://127.0.0.1:9' },
    client: { client_id: 'x', private_jwk_path: '/k.jwk' },
    apis: [{ name: 'person', resource: '', scopes: ['a'], base_url: 'http://127.0.0.1:9' }],
  }),
});

describe('broken configuration', () => {
  it('brokenConfig_opensTheSetupErrorScreen_namingFileFieldAndWhatIsExpected', async () => {
    const screen = page().locator('[data-screen="setup-error"]');
    await screen.waitFor();
    await expect(page().getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe('Feil i oppsettet');
    await expect(screen.getByTestId('setup-file').textContent()).resolves.toBe(e2e.configFile);
    await expect(screen.getByTestId('setup-field').textContent()).resolves.toBe('apis[0].resource');
    await expect(screen.getByTestId('setup-problem').textContent()).resolves.toBe('forventet en tekst som ikke er tom');
    // focus lands on the new heading
    await expect.poll(() => page().evaluate(() => document.activeElement?.id)).toBe('screen-title');
    await e2e.checkA11y('setup error');
    await e2e.screenshot('20-setup-error-nb');
  });

  it('setupError_troubleshootingReportIsOneClickAway_andPrintsTheSameLine', async () => {
    await page().getByRole('button', { name: 'Åpne feilsøkingsrapporten' }).click();
    const report = page().getByTestId('diagnostics-report');
    await report.waitFor();
    const text = await report.textContent();
    expect(text).toContain(`${e2e.configFile}: apis[0].resource: forventet en tekst som ikke er tom`);
    expect(text).toMatch(/^HelseID Desktop – feilsøkingsrapport/);
    expect(text).toContain(
      `✗ Feil i oppsettet: I ${e2e.configFile} er feltet apis[0].resource feil: forventet en tekst som ikke er tom.`,
    );
    await expect.poll(() => page().evaluate(() => document.activeElement?.textContent)).toBe('Feilsøking');
    await e2e.checkA11y('troubleshooting report for a broken configuration');
    await e2e.screenshot('21-setup-error-report-nb');
  });

  it('setupError_inEnglish_toggledFromTheWindow', async () => {
    await page().getByTestId('nav-back').click();
    await page().getByTestId('language-switch').click();
    const screen = page().locator('[data-screen="setup-error"]');
    await expect.poll(() => screen.getByRole('heading').textContent()).toBe('Configuration error');
    await expect(screen.textContent()).resolves.toContain('What is wrong');
    await expect(screen.getByTestId('setup-problem').textContent()).resolves.toBe('expected a non-empty string');
    await e2e.checkA11y('setup error, English');
    await e2e.screenshot('22-setup-error-en');
  });
});
