// Another user of the machine reads the browser's command line (issue 20, "Nothing personal for other
// local users"). Every URL the app gives the system browser is handed over as the OS does it: on a
// real process's command line (a stand-in for the browser process that xdg-open starts, its argv
// carrying the URL), and a process of ANOTHER, real OS user (test/support/plain-browser.ts --race, run with
// that user's uid) watches /proc/*/cmdline and loads each URL before the browser does — the test
// lets the browser tab load only once the racer has had its go. Then:
// - logout and card removal: the racer gets an empty page — no JWT, national id number or name — and
//   the browser still ends HelseID's session (asserted in the emulator's session store);
// - a later login (the browser is bound): the racer gets nothing, not even the authorize URL, and the
//   person logs in as usual;
// - the first login on the machine (no browser bound yet): the racer gets the authorize URL and
//   follows it to the card page; the real browser asking next stops the login before any PIN or
//   signature, and the racer's browser holds no HelseID session and never reaches the callback;
// - setting up the workstation (no browser bound yet): the racer gets Selvbetjening's confirmation
//   page — nothing personal on it — and the real browser asking next stops the set-up before anyone
//   decided on the draft (which is recorded for IT).
// Real emulator, SoftHSM cards, main-process services, Chromium; real OS users (needs root).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IS_ROOT, jsonLines, NEEDS_ROOT, osUser, spawnAs, type OsUser } from '../support/os-users.ts';
import { ROOT, useE2eApp, type E2eApp } from './harness.ts';

interface RacerEvent {
  readonly event: 'reached' | 'done';
  readonly url: string;
  readonly steps: { url: string; status: number; location: string | null; body: string }[];
  readonly cookies: { name: string; value: string; host: string; path: string }[];
}

const KARI_PID = '13827099842';
const JWT_SHAPE = /eyJ[\w-]{4,}\.[\w-]{4,}\./;
const PLAIN_BROWSER = path.join(ROOT, 'test', 'support', 'plain-browser.ts');

let other: OsUser;
// this file's browser processes carry it, so its racer leaves the URLs of files running beside it alone
const RUN_MARK = `--helseid-test-run=${randomUUID()}`;
let racer: (ChildProcess & { events: ReturnType<typeof jsonLines<RacerEvent>> }) | undefined;
const launchers = new Set<ChildProcess>();

function startRacer(followSeconds: number) {
  const child = spawnAs(
    other,
    process.execPath,
    [PLAIN_BROWSER, '--race', '--follow-seconds', String(followSeconds), '--only-with', RUN_MARK],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  racer = Object.assign(child, { events: jsonLines<RacerEvent>(child) });
}

function stopRacer() {
  racer?.kill();
  racer = undefined;
}

/**
 * The OS hands the URL to the browser: a process whose command line carries it (as xdg-open's
 * browser process has). If the other user's racer is running, the browser loads the page only after
 * the racer has.
 */
async function handToTheBrowserProcess(url: string): Promise<void> {
  const launcher = spawn(
    process.execPath,
    ['-e', 'setInterval(() => {}, 60_000)', 'chromium', RUN_MARK, '--new-tab', url],
    {
      stdio: 'ignore',
    },
  );
  launchers.add(launcher);
  try {
    if (racer) await racer.events.waitFor((e) => e.event === 'reached' && e.url === url);
  } finally {
    launcher.kill();
    launchers.delete(launcher);
  }
}

async function clickLogIn(e2e: E2eApp, holder: string) {
  await e2e.app.appPage
    .locator('li.card[data-card-id^="libsofthsm2"]', { hasText: holder })
    .getByRole('button', { name: `Logg inn: ${holder}` })
    .click();
}

async function logIn(e2e: E2eApp, holder: string, pin: string) {
  await clickLogIn(e2e, holder);
  const dialog = e2e.app.appPage.getByRole('dialog');
  await dialog.getByLabel('PIN-kode').fill(pin);
  await dialog.getByRole('button', { name: 'Bekreft' }).click();
  await e2e.app.appPage.locator('[data-screen="logged-in"]').waitFor();
}

async function authoritySession(e2e: E2eApp): Promise<string | undefined> {
  return (await e2e.app.context.cookies(e2e.env.info.authority)).find((c) => c.name === '_session')?.value;
}

/** Nothing in what the racer received names the person or carries a token. */
function expectNothingPersonal(event: RacerEvent) {
  const everything = JSON.stringify(event);
  expect(everything).not.toMatch(JWT_SHAPE);
  expect(everything).not.toContain(KARI_PID);
  expect(everything).not.toMatch(/Kari|Nordmann/);
  expect(everything).not.toContain('id_token_hint');
}

beforeAll(async () => {
  if (IS_ROOT) other = await osUser('helseid-test-other');
});

afterEach(() => {
  stopRacer();
  for (const launcher of launchers) launcher.kill();
});

describe.skipIf(!IS_ROOT)(`another OS user reads the browser's command line ${IS_ROOT ? '' : NEEDS_ROOT}`, () => {
  describe('once a browser is bound', () => {
    let e2e: E2eApp;
    useE2eApp((started) => (e2e = started), { beforeBrowserLoads: handToTheBrowserProcess });

    it('logout_racerLoadsTheEndSessionUrlFirst_getsNothingPersonal_andTheBrowserStillEndsHelseIdsSession', async () => {
      await logIn(e2e, 'Kari Nordmann', '1234'); // the first login on this machine: nobody races it
      const session = await authoritySession(e2e);
      await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(true);
      startRacer(0);

      await e2e.app.appPage.getByRole('button', { name: 'Logg ut' }).click();

      const raced = await racer!.events.waitFor((e) => e.event === 'done' && /\/hand-off\//.test(e.url));
      expect(raced.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hand-off\/[0-9a-f]{32}$/);
      expect(raced.steps).toHaveLength(1);
      expect(raced.steps[0]!.status).toBe(403);
      expect(raced.steps[0]!.body).toContain('Åpne siden i din egen nettleser');
      expectNothingPersonal(raced);
      // the browser still got the form, and HelseID's session is over
      await expect.poll(() => e2e.env.browserSessionActive(session!), { timeout: 10_000 }).toBe(false);
      await expect.poll(() => authoritySession(e2e)).toBeUndefined();
    });

    it('nextLogin_racerGetsNotEvenTheAuthorizeUrl_andThePersonLogsInAsUsual', async () => {
      startRacer(0);
      await logIn(e2e, 'Kari Nordmann', '1234');
      const raced = await racer!.events.waitFor((e) => e.event === 'done');
      expect(raced.steps).toHaveLength(1);
      expect(raced.steps[0]!.status).toBe(403);
      expect(raced.steps[0]!.location).toBeNull();
      expect(JSON.stringify(raced)).not.toMatch(/request_uri|connect\/authorize/);
      expect(raced.steps[0]!.body).toContain('Nettleseren ble ikke gjenkjent');
      expect(raced.cookies).toEqual([]);
      const view = await e2e.waitForView((v) => v.phase === 'logged-in');
      expect(view.user?.name).toBe('Kari Nordmann');
    });

    it('cardOut_racerLoadsTheEndSessionUrlFirst_getsNothingPersonal_andTheBrowserStillEndsHelseIdsSession', async () => {
      const session = await authoritySession(e2e);
      await expect(e2e.env.browserSessionActive(session!)).resolves.toBe(true);
      startRacer(0);
      await e2e.pullCard('Buypass Kari Nordmann');
      const raced = await racer!.events.waitFor((e) => e.event === 'done' && /\/hand-off\//.test(e.url));
      expect(raced.steps[0]!.status).toBe(403);
      expectNothingPersonal(raced);
      await expect.poll(() => e2e.env.browserSessionActive(session!), { timeout: 10_000 }).toBe(false);
    });
  });

  describe('the first login on a machine (no browser bound yet)', () => {
    let e2e: E2eApp;
    useE2eApp((started) => (e2e = started), { beforeBrowserLoads: handToTheBrowserProcess });

    // ~20 s, and it must be: the racer's browser is followed for 20 s after the login stopped, long enough
    // for a card page that could still complete to do so — it must never reach our callback.
    it('firstLogin_racerTakesTheLoginPageFirst_theBrowserAskingNextStopsTheLogin_beforeAnyPin', async () => {
      startRacer(20);
      await clickLogIn(e2e, 'Kari Nordmann');
      // the racer got the authorize URL (nothing tells browsers apart before one is bound) and its
      // browser went on to the card page; then the person's browser asked, and the login stopped
      const view = await e2e.waitForView((v) => v.error !== undefined, 15_000);
      expect(view.error?.code).toBe('browser-page-taken');
      expect(view.phase).toBe('card-present');
      await e2e.app.appPage.getByRole('alert').first().waitFor();
      await expect(e2e.app.appPage.getByRole('alert').first().innerText()).resolves.toContain(
        'Et annet program åpnet siden',
      );
      await e2e.screenshot('46-login-page-taken');
      await e2e.checkA11y('login page taken');
      await expect(e2e.app.appPage.getByLabel('PIN-kode').count()).resolves.toBe(0);

      const reached = racer!.events.lines.find((e) => e.event === 'reached')!;
      expect(reached.steps[0]!.status).toBe(303);
      expect(reached.steps.some((s) => s.url.includes('/connect/authorize'))).toBe(true);
      // whatever its browser does now, HelseID never logs it in: it never reaches our callback, and
      // the session it holds (if any) is not a logged-in one
      const done = await racer!.events.waitFor((e) => e.event === 'done', 30_000);
      expect(done.steps.some((s) => /\/callback\?/.test(s.url))).toBe(false);
      expect(done.cookies.some((c) => c.name === 'helseid_desktop_browser')).toBe(false);
      for (const cookie of done.cookies.filter((c) => c.name === '_session'))
        await expect(e2e.env.browserSessionActive(cookie.value)).resolves.toBe(false);
      expectNothingPersonal(done);
    });

    it('tryingAgain_withoutTheRacer_logsIn', async () => {
      await logIn(e2e, 'Kari Nordmann', '1234');
      const view = await e2e.waitForView((v) => v.phase === 'logged-in');
      expect(view.user?.name).toBe('Kari Nordmann');
    });
  });

  describe('setting up the workstation (no browser bound yet)', () => {
    let e2e: E2eApp;
    useE2eApp((started) => (e2e = started), {
      provisioning: { clientCacheDelayMs: 0 },
      beforeBrowserLoads: handToTheBrowserProcess,
    });

    it('setUp_racerTakesTheConfirmationPageFirst_seesNothingPersonal_andTheBrowserAskingNextStopsTheSetUp', async () => {
      startRacer(0);
      const page = e2e.app.appPage;
      await page.getByTestId('setup-start').click();
      await page.locator('[data-screen="workstation-setup"][data-setup-state="failed"]').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('setup-error').getAttribute('data-error-code')).resolves.toBe('browser-page-taken');
      await expect(page.getByTestId('setup-draft-recorded').textContent()).resolves.toMatch(
        /klientkladd \(\S+\) ble laget/,
      );
      await e2e.screenshot('47-setup-confirmation-taken');
      await e2e.checkA11y('set-up confirmation taken');

      const raced = await racer!.events.waitFor((e) => e.event === 'done');
      expect(raced.steps[0]!.status).toBe(303);
      const confirmation = raced.steps.at(-1)!;
      expect(confirmation.url).toMatch(/\/confirm-client\/[\w-]+$/);
      expect(confirmation.status).toBe(200);
      // what it saw: the draft (client id, organization, scopes) — no person: the real Selvbetjening
      // asks whoever confirms to log in; the emulator's page prefills a test person's number for that
      // login, which is the emulator's, not anything the app handed over
      expect(confirmation.body).toContain('Bekreft ny HelseID-klient');
      const withoutTheEmulatorsTestLogin = JSON.parse(
        JSON.stringify(raced).replace(/<input name=\\"pid\\" value=\\"\d{11}\\"[^>]*>/g, ''),
      ) as RacerEvent;
      expect(JSON.stringify(withoutTheEmulatorsTestLogin)).not.toContain('name=\\"pid\\" value');
      expectNothingPersonal(withoutTheEmulatorsTestLogin);
    });
  });
});
