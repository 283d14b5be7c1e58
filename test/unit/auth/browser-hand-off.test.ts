// The browser binding and the one-time hand-off page (src/main/auth/browser-binding.ts,
// hand-off-page.ts): what the app hands the system browser reaches only the browser that did the
// login. A process that reads the URL from the browser's command line and loads it first gets a page
// with nothing in it, and the hand-off stays open for the real browser.
import { chmod, mkdtemp, readFile, rename, stat, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BINDING_COOKIE,
  BINDING_MAX_AGE_SECONDS,
  cookieValues,
  createBrowserBinding,
} from '../../../src/main/auth/browser-binding.ts';
import { startHandOffPage, type HandOffPage } from '../../../src/main/auth/hand-off-page.ts';

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
const SECRET_FIELD = 'eyJhbGciOiJSUzI1NiJ9.personal.signature';

const pages: HandOffPage[] = [];
afterEach(() => pages.splice(0).forEach((p) => p.close()));

async function formPage(
  binding = createBrowserBinding({}),
  extra: Partial<Parameters<typeof startHandOffPage>[0]> = {},
) {
  const page = await startHandOffPage({
    binding,
    language: 'nb',
    purpose: 'test',
    content: () => ({
      kind: 'post-form',
      action: 'https://helseid-sts.test.nhn.no/connect/endsession',
      fields: { id_token_hint: SECRET_FIELD },
      title: 'Logger ut',
      text: 'Du logges ut …',
      button: 'Logg ut',
    }),
    ...extra,
  });
  pages.push(page);
  return page;
}

const get = (url: string, cookie?: string) =>
  fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} }).then(async (r) => ({
    status: r.status,
    location: r.headers.get('location'),
    body: await r.text(),
  }));

describe('browser binding', () => {
  it('offeredCookie_countsOnlyOnceTheLoginIsAccepted', async () => {
    const binding = createBrowserBinding({});
    const { setCookie, pending } = binding.offer();
    // only the hand-off pages get it (not the callback, the logged-out page, or another server on a
    // port ours once used); never on a navigation a web page starts; a week
    expect(setCookie).toBe(
      `${BINDING_COOKIE}=${cookieOf(setCookie).split('=')[1]}; Path=/hand-off/; HttpOnly; SameSite=Strict; Max-Age=604800`,
    );
    expect(cookieOf(setCookie)).toMatch(new RegExp(`^${BINDING_COOKIE}=[A-Za-z0-9_-]{43}$`));
    expect(await binding.admits(cookieOf(setCookie))).toBe(false);
    expect(await binding.admits(cookieOf(setCookie), pending)).toBe(true);
    await binding.accept(pending);
    expect(await binding.admits(`other=1; ${cookieOf(setCookie)}`)).toBe(true);
    expect(await binding.admits(`${BINDING_COOKIE}=forged`)).toBe(false);
    expect(await binding.admits(undefined)).toBe(false);
  });

  it('acceptedBinding_outlivesTheAppRun_inAnOwnerOnlyFileWithoutTheSecret', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'binding-'));
    const first = createBrowserBinding({ folder });
    const { setCookie, pending } = first.offer();
    await first.accept(pending);
    const file = path.join(folder, 'browser-binding.json');
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await readFile(file, 'utf8')).not.toContain(cookieOf(setCookie).split('=')[1]);
    // a new app run (after a crash, say) knows the browser
    expect(await createBrowserBinding({ folder }).admits(cookieOf(setCookie))).toBe(true);
  });

  it('aNewerAcceptedLogin_replacesTheBinding', async () => {
    const binding = createBrowserBinding({});
    const a = binding.offer();
    await binding.accept(a.pending);
    const b = binding.offer();
    await binding.accept(b.pending);
    expect(await binding.admits(cookieOf(a.setCookie))).toBe(false);
    expect(await binding.admits(cookieOf(b.setCookie))).toBe(true);
  });

  it('recognises_onlyOnceTheBoundBrowserHasSentTheCookieBack_soABrowserThatDropsCookiesIsNotRelied on', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'binding-'));
    const binding = createBrowserBinding({ folder });
    expect(await binding.recognises()).toBe(false);
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    expect(await binding.recognises()).toBe(false); // the callback set it; nobody knows yet whether it was kept
    expect(await binding.admits(`${BINDING_COOKIE}=other`)).toBe(false);
    expect(await binding.recognises()).toBe(false);
    expect(await binding.admits(cookieOf(setCookie))).toBe(true);
    expect(await binding.recognises()).toBe(true);
    // and a new app run knows it, too
    expect(await createBrowserBinding({ folder }).recognises()).toBe(true);
  });

  it('acceptedFromTheBoundBrowser_isProvenAtOnce_soTheNextLoginReliesOnIt', async () => {
    // the login page went to the browser for the binding it carried: the new cookie its callback sets
    // lands in a browser known to keep cookies
    const binding = createBrowserBinding({});
    await binding.accept(binding.offer().pending, { proven: true });
    expect(await binding.recognises()).toBe(true);
  });

  it('bindingOlderThanItsCookie_bindsNothing', async () => {
    let now = Date.parse('2026-03-02T08:00:00Z');
    const binding = createBrowserBinding({ now: () => now });
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    expect(await binding.admits(cookieOf(setCookie))).toBe(true);
    now += BINDING_MAX_AGE_SECONDS * 1000;
    expect(await binding.admits(cookieOf(setCookie))).toBe(false);
    expect(await binding.recognises()).toBe(false);
  });

  it('bindingFileOthersCouldHaveWritten_bindsNothing', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'binding-'));
    const binding = createBrowserBinding({ folder });
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    const file = path.join(folder, 'browser-binding.json');
    expect(await binding.admits(cookieOf(setCookie))).toBe(true);

    await chmod(file, 0o666); // another user could have put their own hash in it
    expect(await binding.admits(cookieOf(setCookie))).toBe(false);
    await chmod(file, 0o600);
    await chmod(folder, 0o777); // ... or replaced the file
    expect(await binding.admits(cookieOf(setCookie))).toBe(false);
    await chmod(folder, 0o700);
    const elsewhere = path.join(await mkdtemp(path.join(tmpdir(), 'elsewhere-')), 'planted.json');
    await rename(file, elsewhere);
    await symlink(elsewhere, file);
    expect(await binding.admits(cookieOf(setCookie))).toBe(false);
  });

  it('firstVersionOfTheFile_isStillRead', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'binding-'));
    const { setCookie, pending } = createBrowserBinding({}).offer();
    await writeFile(
      path.join(folder, 'browser-binding.json'),
      JSON.stringify({ hash: pending.hash, at: new Date().toISOString() }),
      { mode: 0o600 },
    );
    expect(await createBrowserBinding({ folder }).admits(cookieOf(setCookie))).toBe(true);
  });

  it('cookieValues_findsEveryValueOfTheName', () => {
    expect(cookieValues(`a=1; ${BINDING_COOKIE}=x; ${BINDING_COOKIE}=y`, BINDING_COOKIE)).toEqual(['x', 'y']);
    expect(cookieValues(undefined, BINDING_COOKIE)).toEqual([]);
  });
});

describe('hand-off page', () => {
  it('aProcessWithoutTheBinding_getsNothingPersonal_andTheBrowserStillGetsTheForm', async () => {
    const binding = createBrowserBinding({});
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    const page = await formPage(binding);
    expect(page.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hand-off\/[0-9a-f]{32}$/);

    // another local user's process read the URL off the command line and raced the browser
    for (const cookie of [undefined, `${BINDING_COOKIE}=guessed`]) {
      const raced = await get(page.url, cookie);
      expect(raced.status).toBe(403);
      expect(raced.body).not.toContain(SECRET_FIELD);
      expect(raced.body).not.toContain('endsession');
    }

    const real = await get(page.url, cookieOf(setCookie));
    expect(real.status).toBe(200);
    expect(real.body).toContain(`name="id_token_hint" value="${SECRET_FIELD}"`);
    expect(await page.delivered).toBe('delivered');
    // once: a reload (or anyone after) gets nothing
    const again = await get(page.url, cookieOf(setCookie));
    expect(again.status).toBe(410);
    expect(again.body).not.toContain(SECRET_FIELD);
  });

  it('aRefusedLoginsOwnBrowser_isAdmittedForItsPendingBinding_only', async () => {
    const binding = createBrowserBinding({});
    const offer = binding.offer();
    const page = await formPage(binding, { pending: offer.pending });
    expect((await get(page.url, `${BINDING_COOKIE}=someone-else`)).status).toBe(403);
    expect((await get(page.url, cookieOf(offer.setCookie))).status).toBe(200);
  });

  it('redirectHandOff_sendsTheBoundBrowserOn_withTheOneTimeAddressOnlyInTheAnswer', async () => {
    const binding = createBrowserBinding({});
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    const launch = 'https://portal.example/hentpasient.html?code=one-time&ehr_code_verifier=v';
    const page = await startHandOffPage({
      binding,
      language: 'en',
      purpose: 'portal',
      content: () => ({ kind: 'redirect', location: launch }),
    });
    pages.push(page);
    expect(page.url).not.toContain('one-time');
    const raced = await get(page.url);
    expect(raced.status).toBe(403);
    expect(raced.location).toBeNull();
    expect(raced.body).not.toContain('one-time');
    const real = await get(page.url, cookieOf(setCookie));
    expect(real.status).toBe(303);
    expect(real.location).toBe(launch);
  });

  it('wrongHost_orNotGet_isRefused_beforeTheBindingIsLookedAt', async () => {
    const binding = createBrowserBinding({});
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    const page = await formPage(binding);
    const post = await fetch(page.url, { method: 'POST', headers: { cookie: cookieOf(setCookie) } });
    expect(post.status).toBe(400);
    // the form is still there for the real browser
    expect((await get(page.url, cookieOf(setCookie))).status).toBe(200);
  });

  it('boundMode_countsTheRefusals_andKeepsTheContentForTheBoundBrowser', async () => {
    const binding = createBrowserBinding({});
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    const page = await formPage(binding, {
      refused: { title: 'Nettleseren ble ikke gjenkjent', text: 'Trykk «Avbryt» & start på nytt.' },
    });
    const refused = await get(page.url);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Nettleseren ble ikke gjenkjent');
    expect(refused.body).toContain('Trykk «Avbryt» &#38; start på nytt.'); // escaped
    expect(page.refusals()).toBe(1);
    expect((await get(page.url, cookieOf(setCookie))).status).toBe(200);
    expect(page.refusals()).toBe(1);
  });

  it('deadline_closesThePage_andSaysTimeout', async () => {
    const page = await formPage(createBrowserBinding({}), { timeoutMs: 50 });
    expect(await page.delivered).toBe('timeout');
    await expect(fetch(page.url)).rejects.toThrow();
  });
});

describe('hand-off page before any browser is bound (first browser)', () => {
  const launch = 'http://127.0.0.1:1/connect/authorize?client_id=c&request_uri=urn:one-time';
  async function firstBrowserPage(binding = createBrowserBinding({})) {
    const contests: number[] = [];
    const page = await startHandOffPage({
      binding,
      admit: 'first-browser',
      language: 'nb',
      purpose: 'login',
      content: () => ({ kind: 'redirect', location: launch }),
      onContested: () => contests.push(Date.now()),
    });
    pages.push(page);
    return { page, contests };
  }
  const launchCookieOf = (setCookie: string | null) => setCookie!.split(';')[0]!;
  const getWithSetCookie = (url: string, cookie?: string) =>
    fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} }).then(async (r) => ({
      status: r.status,
      location: r.headers.get('location'),
      setCookie: r.headers.get('set-cookie'),
      body: await r.text(),
    }));

  it('theFirstBrowserGetsIt_andASecondBrowserStopsIt', async () => {
    const { page, contests } = await firstBrowserPage();
    const first = await getWithSetCookie(page.url);
    expect(first.status).toBe(303);
    expect(first.location).toBe(launch);
    // marked, on this page's path only, for ten minutes
    expect(first.setCookie).toMatch(
      new RegExp(
        `^helseid_desktop_launch=[A-Za-z0-9_-]+; Path=${new URL(page.url).pathname}; HttpOnly; SameSite=Lax; Max-Age=600$`,
      ),
    );
    expect(await page.delivered).toBe('delivered');
    expect(contests).toHaveLength(0);

    const second = await getWithSetCookie(page.url);
    expect(second.status).toBe(403);
    expect(second.location).toBeNull();
    expect(second.body).not.toContain('request_uri');
    expect(second.body).toContain('Et annet program på denne datamaskinen åpnet denne siden');
    expect(contests).toHaveLength(1);
    await getWithSetCookie(page.url);
    expect(contests).toHaveLength(1); // said once
  });

  it('theFirstBrowserAgain_reloadOrBack_isNoAlarm', async () => {
    const { page, contests } = await firstBrowserPage();
    const first = await getWithSetCookie(page.url);
    const again = await getWithSetCookie(page.url, launchCookieOf(first.setCookie));
    expect(again.status).toBe(410);
    expect(again.location).toBeNull();
    expect(contests).toHaveLength(0);
  });

  it('theBoundBrowserAfterAnotherTookIt_isAnAlarmToo', async () => {
    // a bound but not yet proven browser: the page is in first-browser mode, and a racer came first
    const binding = createBrowserBinding({});
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    const { page, contests } = await firstBrowserPage(binding);
    expect((await getWithSetCookie(page.url)).status).toBe(303); // the racer
    const real = await getWithSetCookie(page.url, cookieOf(setCookie));
    expect(real.status).toBe(403);
    expect(contests).toHaveLength(1);
  });

  it('theBoundBrowserFirst_getsItWithoutAMark_andAnyoneAfterGetsNothing', async () => {
    const binding = createBrowserBinding({});
    const { setCookie, pending } = binding.offer();
    await binding.accept(pending);
    const { page, contests } = await firstBrowserPage(binding);
    const real = await getWithSetCookie(page.url, cookieOf(setCookie));
    expect(real.status).toBe(303);
    expect(real.setCookie).toBeNull();
    const late = await getWithSetCookie(page.url);
    expect(late.status).toBe(410);
    expect(late.location).toBeNull();
    expect(contests).toHaveLength(0);
  });
});

describe('tabs', () => {
  it('loggedOutRoute_closesItsTabWhereAllowed_withTheOneScriptItsPolicyAllows', async () => {
    const binding = createBrowserBinding({});
    const page = await formPage(binding, {
      route: (url, respond) => {
        if (url.pathname !== '/logged-out') return false;
        respond(200, 'Du er logget ut', '<p>Du kan lukke fanen.</p>', { closeTab: true });
        return true;
      },
    });
    const res = await fetch(new URL('/logged-out', page.url));
    const csp = res.headers.get('content-security-policy')!;
    const body = await res.text();
    expect(body).toContain('<script>window.close();</script>');
    expect(body).toContain('Du kan lukke fanen.');
    const hash = `'sha256-${createHash('sha256').update('window.close();').digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash};`);
  });
});
