// The command line against the embedded environment with a fresh state folder: `setup --browser
// follow --json`, then `login` with the client it made, `key renew`, `key status` — and no private key
// material in anything printed. And the app's own renewal: with keys living a few seconds, the
// scheduler renews before expiry and logins keep working after the first key expired.
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSetup } from '../../../src/main/provisioning/setup-flow.ts';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import { runCli, writeEnvironmentJson } from '../cli/support/run-cli.ts';
import { KARI_TESTIDP, renewalSchedulerFor, startEnv, workstation, type Env } from './support.ts';

let e: Env;
let state: string;
beforeAll(async () => {
  e = await startEnv();
  state = await mkdtemp(path.join(tmpdir(), 'helseid-cli-state-'));
});
afterAll(async () => {
  await e?.stop();
  await rm(state, { recursive: true, force: true });
});

describe('command line: setup, login, key renew', () => {
  // ~10 s under load: five real CLI processes in a row (setup with an RSA-4096 key made as in
  // production, login, key renew, key status, login again)
  it('setupFollowJson_thenLogin_thenKeyRenew_usesTheNewKid_andPrintsNoKeyMaterial', async () => {
    const envJson = await writeEnvironmentJson(e.stateDir, e.env.info);
    const env = { HELSEID_DESKTOP_STATE_DIR: state };
    const setup = await runCli(['setup', '--browser', 'follow', '--json', '--env-json', envJson], e.stateDir, {
      env,
      timeoutMs: 60_000,
    });
    expect(setup.stderr).toContain('Confirm the client in the browser');
    expect(setup.code).toBe(0);
    const made = JSON.parse(setup.stdout) as { client_id: string; ready: boolean };
    expect(made.ready).toBe(true);

    const login = await runCli(
      ['login', '--test-pid', KARI_TESTIDP, '--browser', 'follow', '--json', '--env-json', envJson],
      e.stateDir,
      { env, timeoutMs: 60_000 },
    );
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ user: { name: 'Kari Nordmann' } });

    const renew = await runCli(['key', 'renew', '--json', '--env-json', envJson], e.stateDir, {
      env,
      timeoutMs: 60_000,
    });
    expect(renew.code).toBe(0);
    const renewed = JSON.parse(renew.stdout) as { client_id: string; old_kid: string; kid: string };
    expect(renewed.client_id).toBe(made.client_id);
    expect(renewed.kid).not.toBe(renewed.old_kid);

    const status = await runCli(['key', 'status', '--json', '--env-json', envJson], e.stateDir, { env });
    expect(JSON.parse(status.stdout)).toMatchObject({
      client: { clientId: made.client_id, kid: renewed.kid, state: 'ready' },
      store: { protection: 'file' },
    });
    const again = await runCli(
      ['login', '--test-pid', KARI_TESTIDP, '--browser', 'follow', '--json', '--env-json', envJson],
      e.stateDir,
      { env, timeoutMs: 60_000 },
    );
    expect(again.code).toBe(0);

    // the key store holds the private key; nothing printed contains any part of it
    const stored = JSON.parse(await readFile(path.join(state, 'helseid-client.json'), 'utf8')) as {
      client: { current: { privateJwk: Record<string, string> } };
    };
    const secretParts = ['d', 'p', 'q', 'dp', 'dq', 'qi'].map((k) => stored.client.current.privateJwk[k]!);
    for (const run of [setup, login, renew, status, again]) {
      for (const part of secretParts) expect(run.stdout + run.stderr).not.toContain(part.slice(0, 40));
      expect(run.stdout + run.stderr).not.toMatch(/privateJwk|"d"\s*:/);
    }
    for (const line of e.logLines) for (const part of secretParts) expect(line).not.toContain(part.slice(0, 40));
  }, 240_000); // five CLI processes, RSA-4096 keys, on a shared machine

  it('setupWithoutDesktop_printsTheAddressToOpen_andNeverClaimsTheBrowserIsOpen', async () => {
    const envJson = await writeEnvironmentJson(e.stateDir, e.env.info);
    const own = await mkdtemp(path.join(tmpdir(), 'helseid-cli-state-'));
    const follow = new AbortController();
    let opened: string | undefined;
    try {
      const setup = await runCli(['setup', '--env-json', envJson, '--lang', 'nb'], e.stateDir, {
        env: { HELSEID_DESKTOP_STATE_DIR: own, DISPLAY: '', WAYLAND_DISPLAY: '' },
        timeoutMs: 90_000,
        onStderr: (err) => {
          const url = /Åpne denne adressen i nettleseren: (\S+)/.exec(err)?.[1];
          if (url && !opened) {
            opened = url; // IT opening the printed address by hand and confirming the client there
            void followBrowser({ signal: follow.signal, onProblem: () => {} })(url);
          }
        },
      }).finally(() => follow.abort());
      expect(setup.code, setup.stderr).toBe(0);
      // our one-time loopback page, which sends the browser on to Selvbetjening's confirmation page
      // (src/main/auth/browser-launch.ts): the address itself names nothing
      expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hand-off\/[0-9a-f]{32}$/);
      // the step says what to do in the browser, then the address; nothing claims a browser opened
      expect(setup.stderr.indexOf('Bekreft klienten i nettleseren')).toBeLessThan(
        setup.stderr.indexOf('Åpne denne adressen i nettleseren'),
      );
      expect(setup.stderr).not.toMatch(/Nettleseren er åpnet|browser is open/i);
      expect(setup.stdout).toMatch(/^Maskinen er satt opp som HelseID-klient: /);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('command line: a key the OS protects for the app', () => {
  it('protectionOs_keyStatusAndKeyRenew_refuseNamingTheFile_andSayUseTheAppOrProtectionFile', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'helseid-cli-os-'));
    try {
      const config = path.join(dir, 'config.json');
      const s = e.env.info.selvbetjening!;
      await writeFile(
        config,
        JSON.stringify({
          authority: { kind: 'embedded', issuer: e.env.info.authority },
          apis: [
            { name: 'person', resource: 'nhn:person', scopes: ['nhn:person/read'], base_url: 'http://127.0.0.1:1' },
          ],
          provisioning: {
            selvbetjening: { kind: 'embedded', api_url: s.api_url, web_url: s.web_url },
            api_key_path: s.api_key_path,
            organization_number: s.organization_number,
            key_store: { protection: 'os' },
          },
        }),
      );
      const env = { HELSEID_DESKTOP_CONFIG: config, HELSEID_DESKTOP_STATE_DIR: dir };
      const file = path.join(dir, 'helseid-client.bin');
      // nothing stored yet: the key is not said to be "in" a file that does not exist
      const fresh = await runCli(['key', 'status'], e.stateDir, { env });
      expect(fresh.code).toBe(1);
      expect(fresh.stderr).not.toContain('is in');
      expect(fresh.stderr).toContain('(key-store-app-only-empty)');
      // what the app stored (encrypted by the OS for its account)
      await writeFile(file, 'encrypted by the OS', { mode: 0o600 });
      for (const args of [
        ['key', 'status'],
        ['key', 'renew'],
      ]) {
        const run = await runCli(args, e.stateDir, { env });
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr).toContain(`The key of this workstation\u2019s HelseID client is in ${file}`);
        expect(run.stderr).toContain('The command line cannot open it.');
        expect(run.stderr).toContain('Open HelseID Desktop as that user');
        expect(run.stderr).toContain('(key-store-app-only)');
      }
      const json = await runCli(['key', 'status', '--json'], e.stateDir, { env });
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        error: { code: 'key-store-app-only', detail: { file, protection: 'os' } },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the app renews by itself', () => {
  // The one renewal test on real time and real timers (~6 s: a key living 6 s is renewed with a
  // third of its life left, then expires); session-across-renewal moves a key clock instead.
  it('keysLivingSeconds_areRenewedBeforeExpiry_andLoginsWorkAfterTheFirstKeyExpired', async () => {
    e.env.selvbetjening.set({ keyLifetimeSeconds: 6 });
    const ws = await workstation(e);
    const scheduler = renewalSchedulerFor(ws);
    try {
      await runSetup(ws.deps());
      const first = (await ws.keyRing.client())!.current;
      expect(first.expiresAt! - Date.now()).toBeLessThan(7_000);
      await scheduler.start();
      await expect
        .poll(async () => (await ws.keyRing.client())!.current.kid, { timeout: 20_000, interval: 200 })
        .not.toBe(first.kid);
      await expect.poll(() => Date.now() > first.expiresAt!, { timeout: 20_000, interval: 200 }).toBe(true);
      const before = ws.assertionKids.length;
      await expect(ws.login()).resolves.toMatchObject({ name: 'Kari Nordmann' });
      expect(ws.assertionKids.slice(before)).not.toContain(first.kid);
    } finally {
      scheduler.stop();
      e.env.selvbetjening.set({ keyLifetimeSeconds: 365 * 24 * 3600 });
      await ws.close();
    }
  });
});
