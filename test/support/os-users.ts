// Other OS users on this machine, for the tests of a shared host (a terminal server, several clinicians
// logged in at once): real users made with useradd, real processes running as them (Node's spawn with
// uid/gid, as runuser would), so that what one user can read of another's — /proc/<pid>/cmdline, a
// state folder, a loopback port — is what the kernel decides, not what a test pretends.
// Creating users needs root; CI runs as root. Elsewhere the tests that need this skip, saying why.
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chown, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const IS_ROOT = process.getuid?.() === 0;
export const NEEDS_ROOT =
  'SKIPPED: needs root (CI runs as root) to create OS users with useradd and run processes as them';

export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** a private folder of theirs (0700) for this test run: their HOME and state */
  readonly home: string;
}

async function ids(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * The OS user `name` (made once per machine: a system user without a login shell or home; left in
 * place, since another test run may be using it), with a fresh private folder for this run.
 */
export async function osUser(name: string): Promise<OsUser> {
  let found = await ids(name);
  if (!found) {
    // two test files may make the same user at once: the loser's "already exists" is fine
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]).catch(() => {});
    found = await ids(name);
  }
  if (!found) throw new Error(`could not create the OS user ${name}`);
  const home = await mkdtemp(path.join(tmpdir(), `${name}-`)); // mkdtemp makes it 0700
  await chown(home, found.uid, found.gid);
  return { name, ...found, home };
}

/** Runs `command` as `user` (like runuser -u): their uid, gid and HOME, nothing else of ours but PATH and `env`. */
export function spawnAs(
  user: OsUser,
  command: string,
  args: readonly string[],
  options: SpawnOptions & { env?: Record<string, string> } = {},
): ChildProcess {
  return spawn(command, args, {
    ...options,
    uid: user.uid,
    gid: user.gid,
    cwd: options.cwd ?? user.home,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: user.home, LANG: 'C.UTF-8', ...options.env },
  });
}

/** Collects a child's stdout as JSON lines, and lets a test wait for one. */
export function jsonLines<T>(child: ChildProcess): {
  readonly lines: T[];
  waitFor(predicate: (line: T) => boolean, timeoutMs?: number): Promise<T>;
} {
  const lines: T[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) lines.push(JSON.parse(line) as T);
    }
    for (const wake of waiters) wake();
  });
  return {
    lines,
    waitFor: (predicate, timeoutMs = 15_000) =>
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = lines.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no such line within ${timeoutMs} ms; got: ${JSON.stringify(lines).slice(0, 2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
