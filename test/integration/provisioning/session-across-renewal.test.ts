// A login session that is already running when the key is renewed (issue 10): its refreshes, the
// machine tokens, the revocation at logout and the card back channel must sign with the key store's
// CURRENT key at the moment of signing — not the key the session was built with. With keys living
// a few seconds the old key expires during the test, so anything still signing with it is refused by
// the emulator ("the client's key … expired").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { Scheduler } from '../../../src/main/auth/scheduler.ts';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import { runnableClient } from '../../../src/main/provisioning/installation.ts';
import { renewKey } from '../../../src/main/provisioning/key-renewal.ts';
import { runSetup } from '../../../src/main/provisioning/setup-flow.ts';
import { KeyRing } from '../../../src/main/keys/key-ring.ts';
import { createFileKeyStore } from '../../../src/main/keys/file-key-store.ts';
import { KARI_TESTIDP, renewalSchedulerFor, startEnv, workstation, type Env, type Workstation } from './support.ts';

/** Proactive refreshes never fire on their own: the test decides when a token is used again. */
const manualScheduler: Scheduler = { setTimeout: () => undefined, clearTimeout: () => {} };
/** Beyond the emulator's 300 s access tokens, well within its 8 h refresh tokens. */
const PAST_THE_ACCESS_TOKENS_MS = 10 * 60_000;

let e: Env;
beforeAll(async () => {
  e = await startEnv();
});
afterAll(async () => {
  e.env.selvbetjening.set({ keyLifetimeSeconds: 365 * 24 * 3600 });
  await e?.stop();
});

/** A logged-in app session (user tokens for every user API, one machine token) built with the first key. */
async function loggedInWithTheFirstKey(ws: Workstation) {
  await runSetup(ws.deps());
  const first = (await ws.keyRing.client())!.current;
  // the renewed key lives long enough to outlast the test; only the first one expires during it
  e.env.selvbetjening.set({ keyLifetimeSeconds: 300 });
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
  await expect.poll(() => Date.now() > s.first.expiresAt! + 1_000, { timeout: 30_000, interval: 200 }).toBe(true);
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
    e.env.selvbetjening.set({ keyLifetimeSeconds: 8 });
    const ws = await workstation(e);
    const renewal = renewalSchedulerFor(ws);
    try {
      const s = await loggedInWithTheFirstKey(ws);
      await renewal.start();
      await expect
        .poll(async () => (await ws.keyRing.client())!.current.kid, { timeout: 20_000, interval: 200 })
        .not.toBe(s.first.kid);
      renewal.stop(); // one renewal is the scenario; 8-second keys would otherwise be renewed again and again
      const renewed = (await ws.keyRing.client())!.current.kid;
      await useEverythingAgain(ws, s, renewed);
    } finally {
      renewal.stop();
      await ws.close();
    }
  }, 90_000);

  it('renewedByAnotherProcess_keyRenewFromTheCommandLine_theRunningAppPicksUpTheNewKeyFromTheStore', async () => {
    e.env.selvbetjening.set({ keyLifetimeSeconds: 8 });
    const ws = await workstation(e);
    try {
      const s = await loggedInWithTheFirstKey(ws);
      // `helseid-desktop key renew` in another process: its own KeyRing over the same store
      const cli = new KeyRing(createFileKeyStore({ folder: ws.folder }));
      const outcome = await renewKey({ ...ws.deps(), keyRing: cli }, { force: true });
      expect(outcome.kid).not.toBe(s.first.kid);
      await useEverythingAgain(ws, s, outcome.kid);
    } finally {
      await ws.close();
    }
  }, 90_000);
});
