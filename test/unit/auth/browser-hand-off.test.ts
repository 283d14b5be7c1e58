// The browser binding and the one-time hand-off page (src/main/auth/browser-binding.ts,
// hand-off-page.ts): what the app hands the system browser reaches only the browser that did the
// login. A process that reads the URL from the browser's command line and loads it first gets a page
// with nothing in it, and the hand-off stays open for the real browser.
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BINDING_COOKIE, cookieValues, createBrowserBinding } from '../../../src/main/auth/browser-binding.ts';
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
    expect(setCookie).toMatch(new RegExp(`^${BINDING_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict`));
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

  it('deadline_closesThePage_andSaysTimeout', async () => {
    const page = await formPage(createBrowserBinding({}), { timeoutMs: 50 });
    expect(await page.delivered).toBe('timeout');
    await expect(fetch(page.url)).rejects.toThrow();
  });
});
