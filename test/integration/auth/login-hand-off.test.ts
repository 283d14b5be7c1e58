// The login's page reaches the browser through a one-time loopback page, never on the browser's
// command line (src/main/auth/browser-launch.ts): what the HelseID client hands the "system browser"
// carries no request_uri; once a browser is bound and has shown it keeps the binding, nobody else gets
// the login page; before that, a second browser asking stops the login; and a person whose browser
// lost the binding (cleared cookies) is told on the page what to do, and the next login reaches it.
// Real emulator (strict), TestIdP logins, browsers with cookie jars.
import { describe, expect, it } from 'vitest';
import { createBrowserBinding } from '../../../src/main/auth/browser-binding.ts';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { CookieBrowser } from '../../authority/support/browser.ts';
import { KARI, useConfiguredEnvironment } from './support/auth-harness.ts';

let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ config } = started));

/** A client whose "system browser" is whichever browser the test says, with one binding for all its logins. */
function client() {
  const handed: string[] = [];
  let browser = new CookieBrowser();
  let before: ((url: string) => Promise<void>) | undefined;
  const pages: { status: number; body: string }[] = [];
  const helseId = createHelseIdClient({
    config,
    browserBinding: createBrowserBinding({}),
    openExternal: async (url) => {
      handed.push(url);
      const racing = before;
      void (async () => {
        await racing?.(url);
        const stop = await browser.visit(url, 'never-stop-early:');
        pages.push({ status: stop.status, body: stop.body });
      })().catch(() => {});
    },
  });
  return {
    helseId,
    handed,
    pages,
    /** the person's browser from now on (a new one: no cookies) */
    useBrowser: (next: CookieBrowser) => (browser = next),
    /** what happens before the person's browser loads the page (another process racing it) */
    beforeBrowser: (hook: ((url: string) => Promise<void>) | undefined) => (before = hook),
  };
}

describe('the login page through a one-time loopback page', () => {
  it('theBrowserIsHandedALoopbackPage_neverTheAuthorizeUrl', async () => {
    const { helseId, handed } = client();
    await helseId.login({ testPid: KARI });
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hand-off\/[0-9a-f]{32}$/);
    expect(handed[0]).not.toMatch(/request_uri|authorize|client_id/);
    await helseId.logout({ endSessionInBrowser: false });
  });

  it('firstLogin_aProcessAskingFirst_getsThePage_andTheBrowserAskingNext_stopsTheLogin', async () => {
    const { helseId, beforeBrowser } = client();
    const racer: { status?: number; location?: string | null } = {};
    beforeBrowser(async (url) => {
      const res = await fetch(url, { redirect: 'manual' });
      Object.assign(racer, { status: res.status, location: res.headers.get('location') });
    });
    await expect(helseId.login({ testPid: KARI })).rejects.toMatchObject({
      code: 'browser-page-taken',
      retriable: true,
      detail: { page: 'login' },
    });
    expect(racer.status).toBe(303); // nothing told browsers apart yet: it had the page
    expect(helseId.status()).toBe('logged-out');
  });

  it('boundBrowser_aProcessAskingFirst_getsNothing_andThePersonLogsIn', async () => {
    const { helseId, beforeBrowser } = client();
    await helseId.login({ testPid: KARI }); // binds this client's browser (its callback set the cookie)
    await helseId.logout({ endSessionInBrowser: false });
    await helseId.login({ testPid: KARI }); // the browser shows it kept the cookie: now relied on
    await helseId.logout({ endSessionInBrowser: false });
    const racer: { status?: number; location?: string | null; body?: string } = {};
    beforeBrowser(async (url) => {
      const res = await fetch(url, { redirect: 'manual' });
      Object.assign(racer, { status: res.status, location: res.headers.get('location'), body: await res.text() });
    });
    const user = await helseId.login({ testPid: KARI });
    expect(user.pidMasked).toBe('138270*****');
    expect(racer.status).toBe(403);
    expect(racer.location).toBeNull();
    expect(racer.body).not.toMatch(/request_uri|authorize/);
    await helseId.logout({ endSessionInBrowser: false });
  });

  it('browserThatLostItsBinding_isToldWhatToDo_andAfterCancelTheNextLoginReachesIt', async () => {
    const { helseId, useBrowser, pages } = client();
    await helseId.login({ testPid: KARI });
    await helseId.logout({ endSessionInBrowser: false });
    await helseId.login({ testPid: KARI }); // bound and proven
    await helseId.logout({ endSessionInBrowser: false });

    useBrowser(new CookieBrowser()); // the person's browser cleared its cookies
    const cancel = new AbortController();
    const waiting = helseId.login({ testPid: KARI, signal: cancel.signal, language: 'nb' });
    await expect.poll(() => pages.at(-1)?.status).toBe(403);
    expect(pages.at(-1)!.body).toContain('Nettleseren ble ikke gjenkjent');
    expect(pages.at(-1)!.body).toContain('trykk «Avbryt» og start på nytt');
    cancel.abort(); // as the page says
    await expect(waiting).rejects.toMatchObject({ code: 'login-cancelled' });

    const user = await helseId.login({ testPid: KARI });
    expect(user.pidMasked).toBe('138270*****');
    await helseId.logout({ endSessionInBrowser: false });
  });
});
