// Tabs over a clinic day (issue 21 item 8): every login, logout and card-out opens a tab. Our last
// page in each — the login callback's "du er logget inn", the end-session's "du er logget ut" —
// closes its tab where the browser allows: a tab the OS opened on our URL whose only history entry is
// that page (HTML Standard "script-closable"; MDN Window.close). Where the browser keeps the tab (the
// person clicked through HelseID's pages, or the browser put the URL in a tab with a history), the
// page stays and says, in the person's language, that it may be closed. Real Chromium, the real
// loopback listener and end-session page; the tab "the OS opened" is made as preview-app.ts makes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, tabOpener } from '../../scripts/preview-app.ts';
import { BINDING_COOKIE, createBrowserBinding } from '../../src/main/auth/browser-binding.ts';
import { startEndSessionPage } from '../../src/main/auth/end-session-page.ts';
import { startLoopbackListener } from '../../src/main/auth/loopback-listener.ts';
import { SCREENSHOTS } from './harness.ts';

let browser: Browser;
let context: BrowserContext;
let openAsTheOsWould: (url: string) => Promise<Page>;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ locale: 'nb-NO' });
  openAsTheOsWould = await tabOpener(browser, context, await context.newPage());
});

afterAll(async () => {
  await browser?.close();
});

/** a tab the person has used before: the URL lands on top of another history entry */
async function tabWithAHistory(url: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto('about:blank#before');
  await tab.goto(url);
  return tab;
}

async function loginCallback(language: 'nb' | 'en') {
  const state = 'state-of-this-login';
  const listener = await startLoopbackListener({
    expectedState: state,
    expectedIssuer: 'http://127.0.0.1:1',
    timeoutMs: 10_000,
    language,
  });
  return { url: `${listener.redirectUri}?code=c&state=${state}`, listener };
}

/** the end-session page's logged-out address, as HelseID sends the bound browser back to it */
async function loggedOutAddress(language: 'nb' | 'en') {
  const binding = createBrowserBinding({});
  const { setCookie, pending } = binding.offer();
  await binding.accept(pending);
  const page = await startEndSessionPage({
    endSessionEndpoint: 'http://127.0.0.1:1/connect/endsession',
    idToken: 'header.payload.signature',
    clientId: 'client',
    language,
    binding,
  });
  const form = await fetch(page.url, { headers: { cookie: setCookie.split(';')[0]! } }).then((r) => r.text());
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)![1]!;
  const back = new URL(field('post_logout_redirect_uri'));
  back.searchParams.set('state', field('state'));
  return { url: back.href, page };
}

describe('our last page in a tab', () => {
  it('loginCallback_inATabTheOsOpened_closesTheTab', async () => {
    const { url, listener } = await loginCallback('nb');
    const tab = await openAsTheOsWould(url);
    await expect.poll(() => tab.isClosed()).toBe(true);
    await listener.callback;
  });

  it('loginCallback_inATabWithAHistory_staysAndSaysItMayBeClosed_nbAndEn', async () => {
    for (const [language, words] of [
      ['nb', 'Innloggingen er fullført – du kan lukke fanen og gå tilbake til HelseID Desktop.'],
      ['en', 'The login is complete – you can close this tab and return to HelseID Desktop.'],
    ] as const) {
      const { url, listener } = await loginCallback(language);
      const tab = await tabWithAHistory(url);
      await listener.callback;
      // the page tried and the browser refused: the tab is still there, with words in the person's language
      await expect(tab.locator('html').getAttribute('lang')).resolves.toBe(language);
      await expect(tab.locator('body').innerText()).resolves.toContain(words);
      expect(tab.isClosed()).toBe(false);
      await tab.screenshot({ path: `${SCREENSHOTS}/44-login-tab-kept-${language}.png` });
      await tab.close();
    }
  });

  it('loggedOutPage_inATabTheOsOpened_closesTheTab', async () => {
    const { url, page } = await loggedOutAddress('nb');
    const tab = await openAsTheOsWould(url);
    await expect.poll(() => tab.isClosed()).toBe(true);
    await expect(page.done).resolves.toBe('logged-out');
  });

  it('loggedOutPage_inATabWithAHistory_staysAndSaysItMayBeClosed_nbAndEn', async () => {
    for (const [language, words] of [
      ['nb', 'Du er logget ut – du kan lukke fanen.'],
      ['en', 'You are logged out – you can close this tab.'],
    ] as const) {
      const { url, page } = await loggedOutAddress(language);
      const tab = await tabWithAHistory(url);
      await expect(page.done).resolves.toBe('logged-out');
      await expect(tab.locator('html').getAttribute('lang')).resolves.toBe(language);
      await expect(tab.locator('[data-state="logged-out"]').innerText()).resolves.toBe(words);
      expect(tab.isClosed()).toBe(false);
      await tab.screenshot({ path: `${SCREENSHOTS}/45-logged-out-tab-kept-${language}.png` });
      await tab.close();
    }
  });

  it('bindingCookie_reachesOnlyTheHandOffPages_andNotAPageOnAnotherPath', async () => {
    // the browser's own rules for our cookie's attributes (browser-binding.ts): set by the callback
    // (here from a direct answer), sent to /hand-off/…, not to the callback path or any other
    const binding = createBrowserBinding({});
    const { setCookie } = binding.offer();
    const seen: Record<string, string | undefined> = {};
    const server = (await import('node:http')).createServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      seen[path] = req.headers.cookie;
      res.writeHead(200, { 'Content-Type': 'text/html', ...(path === '/callback' ? { 'Set-Cookie': setCookie } : {}) });
      res.end('<p>ok</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      for (const path of ['/callback', '/hand-off/abc', '/logged-out', '/callback']) {
        const tab = await openAsTheOsWould(`${origin}${path}`);
        await tab.waitForLoadState();
        await tab.close();
      }
      expect(seen['/hand-off/abc']).toMatch(new RegExp(`^${BINDING_COOKIE}=`));
      expect(seen['/logged-out']).toBeUndefined();
      expect(seen['/callback']).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
