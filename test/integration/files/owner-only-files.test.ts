// Files others could read or change (issue 20, "Nothing personal for other local users"): what the
// app, the command line and `npm run env` write must be its user's alone, whatever the umask — a
// terminal server's users may run with umask 000, and the embedded environment's state folder holds
// private keys, the test cards' PINs (environment.json) and the Selvbetjening's API key.
// - `npm run env` under umask 000: its state folder and everything in it (and what softhsm2-util, its
//   child, writes there) is owner-only, another real OS user cannot read environment.json, and the
//   file is gone when it stops; an environment.json left wider by an older run is narrowed.
// - the app's and the command line's own state (the browser binding, a key store file) under umask
//   000: 0600 files in a 0700 folder.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../authority/environment.ts';
import { IS_ROOT, NEEDS_ROOT, osUser, spawnAs } from '../../support/os-users.ts';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** every file and folder under `dir` (itself included) whose mode lets group or others in */
async function openToOthers(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (entry: string) => {
    const info = await lstat(entry);
    if (!info.isSymbolicLink() && (info.mode & 0o077) !== 0)
      found.push(`${path.relative(dir, entry) || '.'} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const name of await readdir(entry)) await walk(path.join(entry, name));
  };
  await walk(dir);
  return found;
}

/** `node authority/cli.ts --state DIR` under umask 000, until its JSON line; returns a stop function */
async function startEnvUnderUmask000(state: string) {
  const child = spawn('sh', ['-c', `umask 000 && exec "${process.execPath}" authority/cli.ts --state "${state}"`], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run env did not start: ${err}`)), 60_000);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`npm run env exited: ${err}`)));
  });
  return async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
}

describe('files others could read or change', () => {
  it('npmRunEnv_underUmask000_writesOnlyOwnerOnlyFiles_andRemovesEnvironmentJsonWhenItStops', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'env-umask-'));
    folders.push(parent);
    const state = path.join(parent, 'env');
    const stop = await startEnvUnderUmask000(state);
    try {
      expect(await openToOthers(state)).toEqual([]);
      expect((await stat(path.join(state, 'environment.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await stop();
    }
    await expect(stat(path.join(state, 'environment.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('npmRunEnv_environmentJsonLeftWiderByAnOlderRun_isNarrowed_andTheFolderToo', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'env-umask-'));
    folders.push(parent);
    const state = path.join(parent, 'env');
    await mkdir(state, { mode: 0o755 });
    await chmod(state, 0o777);
    await writeFile(path.join(state, 'environment.json'), '{}\n', { mode: 0o644 });
    const stop = await startEnvUnderUmask000(state);
    try {
      expect((await stat(state)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(state, 'environment.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await stop();
    }
  });

  it.skipIf(!IS_ROOT)(`npmRunEnv_anotherOsUser_cannotReadEnvironmentJson ${IS_ROOT ? '' : NEEDS_ROOT}`, async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'env-umask-'));
    folders.push(parent);
    await chmod(parent, 0o755); // the project folder: readable by all, as a checkout usually is
    const state = path.join(parent, 'env');
    const stop = await startEnvUnderUmask000(state);
    try {
      const other = await osUser('helseid-test-other');
      const reader = spawnAs(
        other,
        process.execPath,
        [
          '-e',
          'try { require("fs").readFileSync(process.argv[1]); console.log("read") } catch (e) { console.log(e.code) }',
          path.join(state, 'environment.json'),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      reader.stdout!.setEncoding('utf8');
      let said = '';
      reader.stdout!.on('data', (c: string) => (said += c));
      await once(reader, 'close');
      expect(said.trim()).toBe('EACCES');
    } finally {
      await stop();
    }
  });

  it('appAndCliState_underUmask000_isOwnerOnly', async () => {
    const folder = path.join(await mkdtemp(path.join(tmpdir(), 'app-umask-')), 'state', 'helseid-desktop');
    folders.push(path.dirname(path.dirname(folder)));
    const script = path.join(path.dirname(path.dirname(folder)), 'write-state.mjs');
    const source = (file: string) => JSON.stringify(path.join(PROJECT_ROOT, file));
    await writeFile(
      script,
      `const { createBrowserBinding } = await import(${source('src/main/auth/browser-binding.ts')});
       const { writePrivateFileAtomically } = await import(${source('src/main/keys/private-file.ts')});
       const binding = createBrowserBinding({ folder: process.argv[2] });
       await binding.accept(binding.offer().pending);
       await writePrivateFileAtomically(process.argv[2] + '/client-key-store.json', '{}');`,
    );
    const child = spawn('sh', ['-c', `umask 000 && exec "${process.execPath}" "${script}" "${folder}"`], {
      stdio: 'inherit',
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(await openToOthers(folder)).toEqual([]);
    expect((await stat(path.join(folder, 'browser-binding.json'))).mode & 0o777).toBe(0o600);
  });
});
