// One card, one person, one session (issue 20), as the clinician at a shared workstation meets it:
// two cards in two readers (Kari's and Per's Buypass cards; SoftHSM tokens, the others hidden), the
// system browser a Chromium tab that keeps HelseID's cookie. Kari's session expires ("Økten er
// utløpt"); "Logg inn" on Per's card asks for Per's PIN and ends as Per — never Kari; pulling Kari's
// card then changes nothing, pulling Per's ends the session. Both are Buypass cards: HelseID rides an
// SSO session of the same IdP unless asked for a fresh login, while a Commfides session before a
// Buypass login forces one by itself (with Ola's Commfides card here, the test passed even without
// prompt=login and max_age=0). And when HelseID answers a login with someone else's session anyway,
// the window refuses it, in nb and en.
import { describe, expect, it } from 'vitest';
import { createPkcs11CardService } from '../../src/main/card/pkcs11-card-service.ts';
import { HidingCardService } from './hiding-card-service.ts';
import { useE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
let cards: HidingCardService;
const page = () => e2e.app.appPage;
const OLA = 'Commfides Ola Hansen';
const KARI = 'Buypass Kari Nordmann';
const PER = 'Buypass Per Uten-Hpr';

useE2eApp((started) => (e2e = started), {
  cards: (env) =>
    (cards = new HidingCardService(
      // only the environment's SoftHSM (no probing of the usual paths: the same SoftHSM found there
      // would list every card twice)
      createPkcs11CardService({
        modules: [env.info.pkcs11_module],
        probeDefaults: false,
        env: { SOFTHSM2_CONF: env.info.softhsm2_conf },
      }),
    )),
});

async function startLogin(holder: string) {
  await page()
    .locator('li.card', { hasText: holder })
    .getByRole('button', { name: `Logg inn: ${holder}` })
    .click();
}

async function enterPin(pin: string) {
  const dialog = page().getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel('PIN-kode').fill(pin);
  await dialog.getByRole('button', { name: 'Bekreft' }).click();
}

/** Whether the Chromium context's HelseID session cookie still names a logged-in session at the authority. */
async function browserSessionActive(): Promise<boolean> {
  const cookie = (await e2e.app.context.cookies()).find((c) => c.name === '_session')?.value;
  return cookie ? e2e.env.browserSessionActive(cookie) : false;
}

/** HelseID no longer knows the session's refresh token; the next refresh (a unit switch) finds out. */
async function expireTheSession() {
  await e2e.app.services.session.tokensSettled(); // the other services' tokens, fetched after the login
  e2e.env.faults.set({ invalidateRefreshTokens: true });
  try {
    await page().getByLabel('Enhet').selectOption({ index: 1 });
    await page().getByRole('button', { name: 'Bytt enhet' }).click();
    const banner = page().getByRole('alert');
    await banner.waitFor();
    await expect(banner.getAttribute('data-error-code')).resolves.toBe('refresh-token-expired');
    await expect(banner.textContent()).resolves.toContain('Økten er utløpt');
  } finally {
    e2e.env.faults.reset();
  }
}

describe('two cards in two readers, a session that expired, and the next login', () => {
  it('kariLogsIn_withHerBuypassCard_andHerSessionExpires_ØktenErUtløpt', async () => {
    // two cards in two readers: Kari's and Per's (the other virtual cards taken out)
    const all = e2e.env.info.cards.length;
    await e2e.waitForView((v) => v.cards.length === all, 30_000);
    for (const other of e2e.env.info.cards.filter((c) => c.token_label !== KARI && c.token_label !== PER))
      cards.pull(other.token_label);
    await e2e.waitForView((v) => v.cards.length === 2);
    await expect.poll(() => page().locator('li.card').count()).toBe(2);
    await startLogin('Kari Nordmann');
    await enterPin('1234');
    await page().locator('[data-screen="logged-in"]').waitFor();
    await expect(page().getByTestId('user-name').textContent()).resolves.toBe('Kari Nordmann');
    await expireTheSession();
    await page().locator('[data-screen="card-present"]').waitFor();
    expect(e2e.app.services.session.user()).toBeUndefined();
    await e2e.screenshot('40-session-expired');
  });

  it('logInOnPersCard_afterTheExpiry_asksPersPin_andEndsAsPer_neverKari', async () => {
    await page().getByRole('alert').getByRole('button', { name: 'Lukk' }).click();
    await startLogin('Per Uten-Hpr');
    // the PIN is asked: HelseID was asked for a fresh authentication, and Per's card signs it
    await enterPin('3456');
    await page().locator('[data-screen="logged-in"]').waitFor();
    await expect(page().getByTestId('user-name').textContent()).resolves.toBe('Per Uten-Hpr');
    expect(e2e.app.services.session.user()).toMatchObject({ givenName: 'Per', familyName: 'Uten-Hpr' });
    await e2e.screenshot('41-per-after-kari-expired');
  });

  it('karisCardPulled_changesNothing', async () => {
    cards.pull(KARI);
    await expect.poll(() => page().locator('li.card').count()).toBe(0); // the card list is not shown, but…
    await page().locator('[data-screen="logged-in"]').waitFor();
    await expect(page().getByTestId('user-name').textContent()).resolves.toBe('Per Uten-Hpr');
    await expect(page().getByTestId('session-notice').count()).resolves.toBe(0);
    expect(e2e.app.services.session.user()).toMatchObject({ givenName: 'Per' });
  });

  it('persCardPulled_endsTheSession', async () => {
    cards.pull(PER);
    const notice = page().getByTestId('session-notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('Økten ble avsluttet fordi kortet ble tatt ut.');
    expect(e2e.app.services.session.user()).toBeUndefined();
    // and HelseID's session in the browser is ended too (the end-session tab follows the window)
    await expect.poll(browserSessionActive, { timeout: 10_000 }).toBe(false);
    await notice.getByRole('button', { name: 'Lukk' }).click();
  });
});

describe('HelseID answers a login with the session of someone else: the window refuses it', () => {
  // ~10 s: two card logins in Chromium (nb and en), each refused and its HelseID session ended in the browser.
  it('perLogsIn_whileHelseIdRidesOlasSessionAnyway_isRefused_nothingKept_browserSessionEnded', async () => {
    cards.putBack(OLA);
    cards.putBack(PER);
    await startLogin('Ola Johan Hansen');
    await enterPin('2345');
    await page().locator('[data-screen="logged-in"]').waitFor();
    await expireTheSession();
    await page().getByRole('alert').getByRole('button', { name: 'Lukk' }).click();
    // a misbehaving authority: it lets the login ride Ola's SSO session despite prompt=login, two
    // minutes after Ola logged in
    e2e.env.faults.set({ ignoreFreshLoginRequests: true, clockOffsetSeconds: 120 });
    try {
      await startLogin('Per Uten-Hpr');
      const banner = page().getByRole('alert');
      await banner.waitFor();
      await expect(banner.getAttribute('data-error-code')).resolves.toBe('login-other-person');
      await expect(banner.textContent()).resolves.toContain('Innloggingen gjaldt en annen person enn kortet');
      await expect(page().getByRole('dialog').count()).resolves.toBe(0); // Per's PIN was never asked
      expect(e2e.app.services.session.user()).toBeUndefined();
      await expect(page().locator('[data-screen="logged-in"]').count()).resolves.toBe(0);
      // IT's details name the rules that failed, and nobody
      const details = banner.getByTestId('error-it-details');
      await details.locator('summary').click();
      const rule = (await details.locator('[data-it="rule"]').textContent()) ?? '';
      for (const failed of ['(auth_time)', 'forventet buypass-oidc, fikk commfides (idp)', '(signature)', '(name)'])
        expect(rule).toContain(failed);
      await expect(details.locator('[data-it="code"]').textContent()).resolves.toBe('login-other-person');
      expect(await details.textContent()).not.toMatch(/Ola|Hansen|02857199823/);
      await e2e.checkA11y('login refused: another person');
      await e2e.screenshot('42-login-refused-other-person');
      await page().getByTestId('language-switch').click();
      await expect.poll(() => banner.textContent()).toContain('The login was for someone other than the card holder');
      await e2e.screenshot('43-login-refused-other-person-en');
      await page().getByTestId('language-switch').click();
      // HelseID's session in the browser was ended through the app's end-session page
      await expect.poll(browserSessionActive, { timeout: 10_000 }).toBe(false);
    } finally {
      e2e.env.faults.reset();
    }
  });
});
