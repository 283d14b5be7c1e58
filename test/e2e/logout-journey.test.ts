// Logging out on a shared workstation, proven from the browser's side: every URL the browser was sent
// to (the app window, the login tab, the end-session tab, each redirect) is recorded, and none carries
// the ID token — it travels only in the end-session POST body. HelseID's (the emulator's) session is
// gone from its store afterwards, and the tab ends on our own "you can close the tab" page in the
// person's language — which closes the tab itself: the tab the OS opened has that page as its only
// history entry (the form submitted while loading replaced ours), so tabs do not pile up over a day.
// Real emulator (strict), SoftHSM cards, main-process services and Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { startE2eApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

let e2e: E2eApp;
const page = () => e2e.app.appPage;
/** every URL any page or tab of the browser requested or navigated to, in order */
const urls: string[] = [];
/** the end-session POST bodies the browser sent to the authority (where the ID token belongs) */
const endSessionBodies: string[] = [];

const JWT_SHAPE = /eyJ[\w-]{4,}\.[\w-]{4,}\./;

beforeAll(async () => {
  e2e = await startE2eApp();
  const record = (request: Request) => {
    urls.push(request.url());
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/connect/endsession')
      endSessionBodies.push(request.postData() ?? '');
  };
  const watch = (p: Page) => p.on('framenavigated', (frame) => urls.push(frame.url()));
  e2e.app.context.on('request', record);
  e2e.app.context.on('page', watch);
  for (const p of e2e.app.context.pages()) watch(p);
});

afterAll(async () => {
  await e2e?.close();
});

const logIn = (holder: string, pin: string, labels?: { logIn: string; pin: string; confirm: string }) =>
  e2e.logInWithCard(holder, pin, labels);

/** the authority's browser session cookie, as the browser holds it now */
async function authoritySessionCookie(): Promise<string | undefined> {
  const cookies = await e2e.app.context.cookies(e2e.env.info.authority);
  return cookies.find((c) => c.name === '_session')?.value;
}

const LOGGED_OUT_PAGE = /^http:\/\/127\.0\.0\.1:\d+\/logged-out\?state=[0-9a-f]{32}$/;
let loggedOutPagesSeen = 0;

/**
 * The tab the app opened last was sent back by HelseID to our logged-out page, and that page closed
 * the tab (its words, for a browser that keeps the tab: test/e2e/tab-closing.test.ts).
 */
async function loggedOutTabClosedItself(tabsBefore: number): Promise<void> {
  await expect.poll(() => e2e.app.browserTabs.length).toBeGreaterThan(tabsBefore);
  const tab = e2e.app.browserTabs.at(-1)!;
  await expect.poll(() => tab.isClosed(), { timeout: 10_000 }).toBe(true);
  expect(new Set(urls.filter((url) => LOGGED_OUT_PAGE.test(url))).size).toBe(++loggedOutPagesSeen);
}
function expectNoIdTokenInAnyUrl(idToken: string) {
  expect(urls.length).toBeGreaterThan(5); // the recorder saw the journey
  for (const url of urls) {
    expect(url, 'the ID token itself').not.toContain(idToken);
    expect(url, 'a JWT').not.toMatch(JWT_SHAPE);
    expect(url.toLowerCase(), 'an id_token_hint parameter').not.toContain('id_token_hint');
  }
}

describe('logging out', () => {
  it('logout_endsTheHelseIdSession_withoutTheIdTokenInAnyUrl_andLandsOnOurLoggedOutPage', async () => {
    await logIn('Kari Nordmann', '1234');
    const session = await authoritySessionCookie();
    expect(session, 'the login left a session at HelseID').toBeDefined();
    await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(true);
    const tabsBefore = e2e.app.browserTabs.length;

    await page().getByRole('button', { name: 'Logg ut' }).click();

    // the window says so at once, with focus on it
    const notice = page().getByTestId('session-notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('Du er logget ut.');
    await expect
      .poll(() => page().evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('session-notice');
    await e2e.checkA11y('logged out notice');
    // the browser tab ends on our page and closes itself
    await loggedOutTabClosedItself(tabsBefore);

    // the ID token went to HelseID in the POST body only, and nowhere in a URL
    expect(endSessionBodies).toHaveLength(1);
    const idToken = new URLSearchParams(endSessionBodies[0]).get('id_token_hint');
    expect(idToken).toMatch(JWT_SHAPE);
    const claims = JSON.parse(Buffer.from(idToken!.split('.')[1]!, 'base64url').toString()) as {
      iss: string;
      aud: string | string[];
    };
    expect(claims.iss).toBe(e2e.env.info.authority);
    expectNoIdTokenInAnyUrl(idToken!);

    // HelseID's session is over: gone from the authority's store and from the browser
    await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(false);
    await expect(authoritySessionCookie()).resolves.toBeUndefined();
  });

  it('logout_inEnglish_landsOnTheEnglishLoggedOutPage_andTheNextLoginAsksForTheCardAgain', async () => {
    await page().getByTestId('language-switch').click();
    await page().getByRole('heading', { name: /card/i }).first().waitFor();
    // the session at HelseID is gone: the next login goes through the card and its PIN again
    await logIn('Kari Nordmann', '1234', { logIn: 'Log in', pin: 'PIN', confirm: 'Confirm' });
    const session = await authoritySessionCookie();
    await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(true);
    const tabsBefore = e2e.app.browserTabs.length;

    await page().getByRole('button', { name: 'Log out' }).click();

    await expect(page().getByTestId('session-notice').textContent()).resolves.toContain('You are logged out.');
    await loggedOutTabClosedItself(tabsBefore);
    await e2e.screenshot('42-logged-out-notice-en');
    expect(endSessionBodies).toHaveLength(2);
    expect(new URLSearchParams(endSessionBodies[1]).get('ui_locales')).toBe('en'); // HelseID's pages, and ours after
    expectNoIdTokenInAnyUrl(new URLSearchParams(endSessionBodies[1]).get('id_token_hint')!);
    await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(false);
    await page().getByTestId('language-switch').click();
  });

  it('cardRemoved_endsTheHelseIdSessionToo_withoutTheIdTokenInAnyUrl', async () => {
    await logIn('Kari Nordmann', '1234');
    const session = await authoritySessionCookie();
    await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(true);
    const tabsBefore = e2e.app.browserTabs.length;

    await e2e.pullCard('Buypass Kari Nordmann');

    await expect(page().getByTestId('session-notice').textContent()).resolves.toContain(
      'Økten ble avsluttet fordi kortet ble tatt ut.',
    );
    await loggedOutTabClosedItself(tabsBefore);
    expect(endSessionBodies).toHaveLength(3);
    expectNoIdTokenInAnyUrl(new URLSearchParams(endSessionBodies[2]).get('id_token_hint')!);
    await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(false);
  });
});
