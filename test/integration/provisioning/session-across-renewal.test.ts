// A login session that is already running when the key is renewed (issue 10): its refreshes, the
// machine tokens, the revocation at logout and the card back channel must sign with the key store's
// CURRENT key at the moment of signing — not the key the session was built with. Keys get the
// emulator's year and the default renewal policy; the key clock (support.ts) moves on past the old
// key's expiry, so anything still signing with it is refused by the emulator ("the client's key …
// expired") — without waiting for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { Scheduler } from '../../../src/main/auth/scheduler.ts';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import { runnableClient } from '../../../src/main/provisioning/installation.ts';
import { renewKey } from '../../../src/main/provisioning/key-renewal.ts';
import { runSetup } from '../../../src/main/provisioning/setup-flow.ts';
import { KeyRing } from '../../../src/main/keys/key-ring.ts';
import { createFileKeyStore } from '../../../src/main/keys/file-key-store.ts';
import { manualScheduler as manualTimers } from '../auth/support/auth-harness.ts';
import { KARI_TESTIDP, renewalSchedulerFor, startEnv, workstation, type Env, type Workstation } from './support.ts';

/** Proactive refreshes never fire on their own: the test decides when a token is used again. */
const manualScheduler: Scheduler = { setTimeout: () => undefined, clearTimeout: () => {} };
/** Beyond the emulator's 300 s access tokens, well within its 8 h refresh tokens. */
const PAST_THE_ACCESS_TOKENS_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

let e: Env;
beforeAll(async () => {
  e = await startEnv();
});
afterAll(async () => {
  await e?.stop();
});

/** A logged-in app session (user tokens for every user API, one machine token) built with the first key. */
async function loggedInWithTheFirstKey(ws: Workstation) {
  await runSetup(ws.deps());
  const first = (await ws.keyRing.client())!.current;
  const runnable = (await runnableClient(ws.config, ws.keyRing))!;
  let offsetMs = 0;
  const client = createHelseIdClient({
    config: runnable.config,
    fetch: ws.fetch,
    log: (line) => ws.lines.push(line),
    scheduler: manualScheduler,
    clock: () => Date.now() + offsetMs, // the app's view of token lifetimes only
    openExternal: followBrowser({ signal: ws.signal, onProblem: (p) => ws.lines.push(p) }),
    ...(runnable.loadClientKey ? { loadClientKey: runnable.loadClientKey } : {}),
  });
  await client.login({ testPid: KARI_TESTIDP });
  await client.tokensSettled();
  const machineApi = runnable.config.apis.find((a) => a.machine)!;
  await client.machineToken(machineApi.name); // the machine-token line is built now, with the first key
  expect(ws.assertionKids.every((kid) => kid === first.kid)).toBe(true);
  return { client, first, runnable, machineApi, expireTheAppsTokens: () => (offsetMs = PAST_THE_ACCESS_TOKENS_MS) };
}

/** After the first key expired: refresh a user token, a new machine token, logout with revocation. */
async function useEverythingAgain(
  ws: Workstation,
  s: Awaited<ReturnType<typeof loggedInWithTheFirstKey>>,
  newKid: string,
) {
  // key time passes beyond the first key's expiry (the renewed one lives a year from its renewal)
  ws.keys.advance(s.first.expiresAt! + 1_000 - ws.keys.now());
  s.expireTheAppsTokens();
  const sent = ws.assertions.length;
  const logLines = e.logLines.length;

  const userApi = s.runnable.config.apis.find((a) => !a.machine)!;
  const called = await s.client.callApi(userApi.name); // its token is past its life: refreshed first
  expect(called.status).toBe(200);
  await expect(s.client.machineToken(s.machineApi.name)).resolves.toMatchObject({
    name: s.machineApi.name,
    state: 'valid',
  });
  await s.client.logout({ endSessionInBrowser: false });
  await s.client.close(); // waits for the revocation

  expect(ws.lines.filter((l) => /revocation failed|not obtained|expired/.test(l))).toEqual([]);
  const made = ws.assertions.slice(sent);
  expect(made.map((a) => new URL(a.url).pathname)).toEqual(
    expect.arrayContaining(['/connect/token', '/connect/revocation']),
  );
  expect(made.filter((a) => a.url.endsWith('/connect/token')).length).toBeGreaterThanOrEqual(2); // refresh + client credentials
  expect(made.map((a) => a.kid)).toEqual(made.map(() => newKid));
  // the emulator saw the new key at the token endpoint (refresh, client credentials) and at revocation
  const seen = e.logLines.slice(logLines).filter((l) => l.includes('signed its assertion'));
  expect(seen.some((l) => l.includes('(token)') && l.includes(`key ${newKid}`))).toBe(true);
  expect(seen.some((l) => l.includes('(revocation)') && l.includes(`key ${newKid}`))).toBe(true);
  expect(seen.filter((l) => l.includes(s.first.kid) || l.includes('refused'))).toEqual([]);
}

describe('a session running across a key renewal', () => {
  it('renewedByTheAppsScheduler_afterTheOldKeyExpired_refreshMachineTokenAndLogoutSignWithTheNewKid', async () => {
    const ws = await workstation(e);
    const timers = manualTimers();
    const renewal = renewalSchedulerFor(ws, timers.scheduler);
    /** the scheduler's next check (it keeps one timer): how far ahead it is set */
    const nextCheck = async () => {
      await expect.poll(() => timers.pending.size).toBe(1);
      return [...timers.pending.values()][0]!.delayMs;
    };
    try {
      const s = await loggedInWithTheFirstKey(ws);
      await renewal.start(); // a year's key is not due: checked again within a day
      expect(await nextCheck()).toBeLessThanOrEqual(DAY_MS);
      // key time passes, check by check, to a minute before the renewal is due (30 days left, the
      // default policy); that check finds it not due and sets the next one for when it is
      ws.keys.advance(s.first.expiresAt! - 30 * DAY_MS - 60_000 - ws.keys.now());
      timers.fireAll();
      const untilDue = await nextCheck();
      expect(untilDue).toBeLessThanOrEqual(60_000);
      expect((await ws.keyRing.client())!.current.kid).toBe(s.first.kid);
      ws.keys.advance(untilDue);
      timers.fireAll(); // due: the scheduler renews by itself
      await expect.poll(async () => (await ws.keyRing.client())!.current.kid).not.toBe(s.first.kid);
      renewal.stop(); // one renewal is the scenario
      const renewed = (await ws.keyRing.client())!.current.kid;
      await useEverythingAgain(ws, s, renewed);
    } finally {
      renewal.stop();
      await ws.close();
    }
  }, 90_000);

  it('renewedByAnotherProcess_keyRenewFromTheCommandLine_theRunningAppPicksUpTheNewKeyFromTheStore', async () => {
    const ws = await workstation(e);
    try {
      const s = await loggedInWithTheFirstKey(ws);
      ws.keys.advance(100 * DAY_MS); // some months later, IT renews the key by hand:
      // `helseid-desktop key renew` in another process: its own KeyRing over the same store
      const cli = new KeyRing(createFileKeyStore({ folder: ws.folder }), ws.keys.now);
      const outcome = await renewKey({ ...ws.deps(), keyRing: cli }, { force: true });
      expect(outcome.kid).not.toBe(s.first.kid);
      await useEverythingAgain(ws, s, outcome.kid);
    } finally {
      await ws.close();
    }
  }, 90_000);
});
