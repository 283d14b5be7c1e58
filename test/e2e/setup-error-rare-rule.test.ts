// A rule that weighs two fields against each other (a multi-tenant client needs its parent
// organization) used to reach the bokmål "Feil i oppsettet" screen in English, marked lang="en".
// Now the screen says it in bokmål, naming the file and the field — real services, Chromium.
import { describe, expect, it } from 'vitest';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;

useE2eApp((started) => (e2e = started), {
  configText: JSON.stringify({
    authority: { kind: 'embedded', issuer: 'http://127.0.0.1:9' },
    client: { client_id: 'x', private_jwk_path: '/k.jwk' },
    client_tenancy: 'multi-tenant',
  }),
});

describe('a rarer configuration rule', () => {
  it('multiTenantWithoutParent_theSetupErrorScreenSaysTheRuleInBokmaal_namingFileAndField', async () => {
    const screen = page().locator('[data-screen="setup-error"]');
    await screen.waitFor();
    await expect(screen.getByTestId('setup-file').textContent()).resolves.toBe(e2e.configFile);
    await expect(screen.getByTestId('setup-field').textContent()).resolves.toBe('parent_organization');
    const problem = screen.getByTestId('setup-problem');
    await expect(problem.textContent()).resolves.toBe(
      'forventet parent_organization for en multi-tenant-klient (underorganisasjonene oppgis som NO:ORGNR:<parent>:<child>)',
    );
    await expect(problem.getAttribute('lang')).resolves.toBe('nb');
    await e2e.checkA11y('setup error, a rarer rule');
    await e2e.screenshot('23-setup-error-rare-rule-nb');
  });
});
