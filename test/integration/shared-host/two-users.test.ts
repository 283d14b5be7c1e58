// A shared host (a terminal server: several clinicians logged in to one machine at once), with two
// REAL OS users running the command line at the same time against one HelseID (the embedded
// authority, started here as root like a remote service). Each user has their own configuration
// copy and key file (the client is per installation here, as `key_store.scope: "installation"` has
// it), their own state folder, and their own "system browser" (test/support/plain-browser.ts, given to
// `--browser`, so the CLI puts each one-time URL on a real command line). What is shown:
// - parallel logins of two people end each as its own person, and neither output names the other;
// - one user's process cannot complete the other's callback: it finds the other's loopback ports in
//   /proc/net/tcp and sends forged authorization responses, which are refused, and the login goes on;
// - neither can read the other's state (the browser binding) or key;
// - a fixed `redirect.port` that the other user takes first stops the login before anything is sent
//   to HelseID (so no code can go to the other's listener), naming the port; a range moves on.
// Needs root (useradd, processes run with another uid); skipped, saying so, elsewhere.
import { once } from 'node:events';
import { chown, copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../authority/environment.ts';
import { configFromEnvironmentInfo, type ConfigFileInput } from '../../../src/main/config/index.ts';
import { IS_ROOT, jsonLines, NEEDS_ROOT, osUser, spawnAs, type OsUser } from '../../support/os-users.ts';
import { startAuthEnvironment, type AuthEnvironment } from '../auth/support/auth-harness.ts';

const CLI = path.join(PROJECT_ROOT, 'bin', 'helseid-desktop.mjs');
const PLAIN_BROWSER = path.join(PROJECT_ROOT, 'test', 'support', 'plain-browser.ts');
const FORGER = path.join(PROJECT_ROOT, 'test', 'support', 'callback-forger.ts');
const KARI = { pid: '13827099842', name: 'Kari Nordmann' };
const OLA = { pid: '02857199823', name: 'Ola Johan Hansen' };

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let env: AuthEnvironment;
let a: OsUser;
let b: OsUser;

/** Their own copy of the configuration and of the installation's key, readable by them only. */
async function configFor(user: OsUser, overrides: Partial<ConfigFileInput> = {}): Promise<string> {
  const key = path.join(user.home, 'client.jwk');
  await copyFile(env.info.clients[0]!.private_jwk_path, key);
  await chown(key, user.uid, user.gid);
  const file = path.join(user.home, 'config.json');
  const config = configFromEnvironmentInfo(env.info, {
    client: { client_id: env.info.clients[0]!.client_id, private_jwk_path: key },
    ...overrides,
  });
  await writeFile(file, JSON.stringify(config), { mode: 0o600 });
  await chown(file, user.uid, user.gid);
  return file;
}

/** `helseid-desktop login --test-pid …` as `user`, their plain browser opening the pages. */
async function loginAs(user: OsUser, pid: string, config: string, browserFlags: string[] = []): Promise<Run> {
  const browser = [process.execPath, PLAIN_BROWSER, ...browserFlags].join(' ');
  const child = spawnAs(user, process.execPath, [CLI, 'login', '--test-pid', pid, '--browser', browser, '--json'], {
    env: { HELSEID_DESKTOP_CONFIG: config, LANG: 'en_GB.UTF-8' },
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** Whether `user` can read `file` (a real open as that uid, not a look at the mode bits). */
async function canRead(user: OsUser, file: string): Promise<'yes' | 'EACCES' | string> {
  const child = spawnAs(
    user,
    process.execPath,
    ['-e', `require('fs').readFileSync(process.argv[1]); console.log('yes')`, file],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  await once(child, 'close');
  return out.includes('yes') ? 'yes' : (/E[A-Z]+/.exec(out)?.[0] ?? out);
}

const stateFolderOf = (user: OsUser) => path.join(user.home, '.local', 'state', 'helseid-desktop');

describe.skipIf(!IS_ROOT)(`two OS users on one host ${IS_ROOT ? '' : NEEDS_ROOT}`, () => {
  beforeAll(async () => {
    env = await startAuthEnvironment();
    [a, b] = await Promise.all([osUser('helseid-test-a'), osUser('helseid-test-b')]);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('parallelLogins_eachUserEndsAsTheirOwnPerson_andSeesNothingOfTheOther', async () => {
    const [configA, configB] = await Promise.all([configFor(a), configFor(b)]);
    const [runA, runB] = await Promise.all([loginAs(a, KARI.pid, configA), loginAs(b, OLA.pid, configB)]);
    expect(runA.code, runA.stderr).toBe(0);
    expect(runB.code, runB.stderr).toBe(0);
    const userA = (JSON.parse(runA.stdout) as { user: { name: string } }).user;
    const userB = (JSON.parse(runB.stdout) as { user: { name: string } }).user;
    expect(userA.name).toBe(KARI.name);
    expect(userB.name).toBe(OLA.name);
    for (const [run, otherPerson] of [
      [runA, OLA],
      [runB, KARI],
    ] as const) {
      expect(run.stdout + run.stderr).not.toContain(otherPerson.name);
      expect(run.stdout + run.stderr).not.toContain(otherPerson.pid.slice(6));
    }
  });

  it('stateAndKey_ofOneUser_cannotBeReadByTheOther', async () => {
    // the logins above left each user's browser binding in their own state folder
    const bindingA = path.join(stateFolderOf(a), 'browser-binding.json');
    const bindingB = path.join(stateFolderOf(b), 'browser-binding.json');
    expect(await canRead(a, bindingA)).toBe('yes');
    expect(await canRead(b, bindingB)).toBe('yes');
    expect(await canRead(b, bindingA)).toBe('EACCES');
    expect(await canRead(a, bindingB)).toBe('EACCES');
    expect(await canRead(b, path.join(a.home, 'client.jwk'))).toBe('EACCES');
    expect(JSON.parse(await readFile(bindingA, 'utf8'))).toMatchObject({ version: 2, hash: expect.any(String) });
  });

  it('forgedCallbacks_fromTheOtherUser_areRefused_andTheLoginEndsAsItsOwnPerson', async () => {
    const configA = await configFor(a);
    const go = path.join(a.home, 'go');
    // A's browser waits for `go`; meanwhile B's forger hammers every loopback port A listens on
    const login = loginAs(a, KARI.pid, configA, ['--wait-for', go]);
    const forger = spawnAs(b, process.execPath, [FORGER, '--victim-uid', String(a.uid), '--seconds', '4'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const answers = jsonLines<{ port?: number; path?: string; status?: number; error?: string; event?: string }>(
      forger,
    );
    await answers.waitFor((l) => l.event === 'done', 70_000);
    await writeFile(go, '');
    await chown(go, a.uid, a.gid);
    const run = await login;

    const forged = answers.lines.filter((l) => l.port !== undefined);
    expect(forged.length, 'the forger found the listener').toBeGreaterThan(0);
    // no forged callback is ever taken; one that got no answer at all (the listener of a one-time page
    // closed meanwhile, or too busy to answer in 2 s on a loaded machine) took nothing either
    for (const answer of forged)
      expect(answer.status! >= 200 && answer.status! < 400, JSON.stringify(answer)).toBe(false);
    expect(forged.filter((f) => f.status! >= 400).length, 'the listener refused forged callbacks').toBeGreaterThan(0);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { user: { name: string } }).user.name).toBe(KARI.name);
  });

  it('fixedRedirectPort_takenFirstByTheOtherUser_stopsTheLoginBeforeHelseIdIsAsked_andNamesThePort', async () => {
    // B listens first on a port below the kernel's ephemeral range (32768–60999 here), so no outgoing
    // connection of a parallel test holds it; the squatter itself moves on should one be taken anyway
    const squatter = spawnAs(
      b,
      process.execPath,
      [
        '-e',
        `const http = require('http');
         const tryPort = () => {
           const port = 20000 + Math.floor(Math.random() * 12000);
           const server = http.createServer((req, res) => { console.log(JSON.stringify({ url: req.url })); res.end(); });
           server.once('error', tryPort);
           server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ listening: port })));
         };
         tryPort();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const heard = jsonLines<{ listening?: number; url?: string }>(squatter);
    try {
      const { listening: port } = (await heard.waitFor((l) => typeof l.listening === 'number')) as {
        listening: number;
      };
      const fixed = await configFor(a, { redirect: { host: '127.0.0.1', port } });
      const refused = await loginAs(a, KARI.pid, fixed);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('loopback-unavailable');
      // --json: what IT reads (the log line and `doctor`'s last error carry the same)
      const failure = JSON.parse(refused.stdout) as { error: { code: string; detail: Record<string, string> } };
      expect(failure.error.code).toBe('loopback-unavailable');
      expect(failure.error.detail['ports']).toBe(String(port));
      expect(failure.error.detail['problem']).toContain(`127.0.0.1:${port} is taken by another program`);
      expect(failure.error.detail['fix']).toContain('redirect.port');
      expect(heard.lines.filter((l) => l.url !== undefined)).toEqual([]);

      // a range moves on to the next free port, and the login works
      const range = await configFor(a, { redirect: { host: '127.0.0.1', port: { from: port, to: port + 5 } } });
      const moved = await loginAs(a, KARI.pid, range);
      expect(moved.code, moved.stderr).toBe(0);
      expect(heard.lines.filter((l) => l.url !== undefined)).toEqual([]);
    } finally {
      squatter.kill();
    }
  });
});
