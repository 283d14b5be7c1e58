// One card, one person across app runs (issue 20), in Chromium: the app quits without a logout (or
// crashes), so HelseID's session lives on in the OS user's browser — here a Chromium context apart
// from the window that outlives the app, as a real browser keeps its cookies. The next run's
// "Logg inn" on Per's card must ask for Per's PIN and end as Per, never ride Kari's session. Both
// cards are Buypass cards: with the same IdP, HelseID rides an SSO session unless asked for a fresh
// login (a Commfides card after a Buypass session forces one by itself, and proves nothing; checked:
// without prompt=login and max_age=0 that case still passed, this one does not). The protocol-level
// twins are in test/integration/auth/one-person-per-login.test.ts.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEnvironment } from '../../authority/environment.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/preview-app.ts';
import { createPkcs11CardService } from '../../src/main/card/pkcs11-card-service.ts';
import { startE2eApp, type E2eApp } from './harness.ts';
import { HidingCardService } from './hiding-card-service.ts';

const KARI = 'Buypass Kari Nordmann';
const PER = 'Buypass Per Uten-Hpr';

let browser: Browser;
let systemBrowser: BrowserContext;
let first: E2eApp;
let next: E2eApp | undefined;

let cards: HidingCardService;

/** the environment's SoftHSM cards, with a hand to take some out */
function softHsmCards(env: EmbeddedEnvironment): HidingCardService {
  cards = new HidingCardService(
    createPkcs11CardService({
      modules: [env.info.pkcs11_module],
      probeDefaults: false,
      env: { SOFTHSM2_CONF: env.info.softhsm2_conf },
    }),
  );
  return cards;
}

/** two Buypass cards in two readers, Kari's and Per's (the others taken out) */
async function onlyKariAndPer(app: E2eApp): Promise<void> {
  const all = app.env.info.cards;
  await app.waitForView((v) => v.cards.length === all.length, 30_000);
  for (const other of all.filter((c) => c.token_label !== KARI && c.token_label !== PER)) cards.pull(other.token_label);
  await app.waitForView((v) => v.cards.length === 2);
}

async function logIn(app: E2eApp, holder: string, pin: string): Promise<void> {
  const page = app.app.appPage;
  await page
    .locator('li.card', { hasText: holder })
    .getByRole('button', { name: `Logg inn: ${holder}` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: 20_000 }); // the PIN is asked only when HelseID wants this card's signature
  await dialog.getByLabel('PIN-kode').fill(pin);
  await dialog.getByRole('button', { name: 'Bekreft' }).click();
  await page.locator('[data-screen="logged-in"]').waitFor({ timeout: 20_000 });
}

/** whether the OS user's browser still holds a HelseID session the authority knows as logged in */
async function browserSessionActive(env: EmbeddedEnvironment): Promise<boolean> {
  const cookie = (await systemBrowser.cookies()).find((c) => c.name === '_session')?.value;
  return cookie ? env.browserSessionActive(cookie) : false;
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  systemBrowser = await browser.newContext({ locale: 'nb-NO' });
  first = await startE2eApp({ browser, systemBrowser, cards: softHsmCards });
});
afterAll(async () => {
  await next?.close();
  await first?.close(); // the environment and the state folder too
  await browser?.close();
});

describe('the app quits without a logout, and the next run logs in another card', () => {
  // ~15 s: two app runs in Chromium, each with a card login (an RSA signature on SoftHSM)
  it('karisBuypassLogin_theAppQuits_HelseIdsSessionLivesOnInTheBrowser_theNextRunOnPersBuypassCard_asksPersPin_endsAsPer', async () => {
    await onlyKariAndPer(first);
    await logIn(first, 'Kari Nordmann', '1234');
    await expect(first.app.appPage.getByTestId('user-name').textContent()).resolves.toBe('Kari Nordmann');
    await first.app.close(); // quit: the tokens go, HelseID's session in the browser stays
    // the precondition of the risk: a login now could ride Kari's session in the browser
    await expect(browserSessionActive(first.env)).resolves.toBe(true);

    next = await startE2eApp({ sameMachineAs: first, browser, systemBrowser, cards: softHsmCards });
    await onlyKariAndPer(next);
    await logIn(next, 'Per Uten-Hpr', '3456');
    await expect(next.app.appPage.getByTestId('user-name').textContent()).resolves.toBe('Per Uten-Hpr');
    expect(next.app.services.session.user()).toMatchObject({ givenName: 'Per', familyName: 'Uten-Hpr' });
    await next.screenshot('45-per-in-the-run-after-kari-quit');
  });
});
