// Files that hold a private key: who may read them, and how they are written. A key file that other
// users can read lets them get machine tokens as this installation with no card and no person
// (measured: a 0644 key file, `token --api registry` worked), so such a file is refused, naming the
// file and the fix. POSIX mode bits only: on Windows, Node's mode says nothing about ACLs, so there
// the folder's ACL (set by the installer or IT) is the protection, and the README says so.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error.ts';
import { readRegularFile, type FileKind } from '../files/regular-file.ts';

export interface PrivateFileRules {
  /** allow the file's group to read it (one client per installation, shared by the group IT chose) */
  readonly groupMayRead?: boolean;
  readonly platform?: NodeJS.Platform;
  /** the account running the app (tests: another uid); root may own the file too (IT put it there) */
  readonly uid?: number;
}

/** What is wrong with a key file, as the finding `doctor` reports (src/shared/errors/setup-errors.ts). */
export type KeyFileFinding =
  | 'client-key-missing'
  | 'client-key-unreadable'
  | 'client-key-unparseable'
  | 'client-key-not-private'
  | 'client-key-not-a-file'
  | 'client-key-symlink'
  | 'client-key-wrong-owner'
  | 'client-key-exposed'
  | 'client-key-folder-exposed';

/** A key file or store is a few kB: anything larger is not one (and is not read into memory). */
const MAX_KEY_BYTES = 256 * 1024;

/**
 * Reads a file that holds a private key, refusing — with AppError('client-key-invalid') naming the
 * finding, the file and the fix for IT — what is not the account's own private file: a link, a
 * folder or FIFO (opened without blocking), a file another user owns or others may read, a folder
 * others may change. undefined when nothing is there (the caller says whether that is wrong).
 */
export async function readPrivateFile(file: string, rules: PrivateFileRules = {}): Promise<Buffer | undefined> {
  const read = await readRegularFile(file, { noSymlink: true, maxBytes: MAX_KEY_BYTES, ...platformOf(rules) });
  if (!read.ok) {
    if (read.fault === 'missing') return undefined;
    if (read.fault === 'symlink')
      throw keyFileFault('client-key-symlink', file, {
        problem: 'a symbolic link can point at a file others control',
        fix: `cp --remove-destination "$(readlink -f '${file}')" '${file}'`,
      });
    if (read.fault === 'not-a-file')
      throw keyFileFault('client-key-not-a-file', file, {
        problem: `expected a file, not a ${KIND_WORDS[read.kind]}`,
      });
    if (read.fault === 'too-big')
      throw keyFileFault('client-key-unparseable', file, {
        problem: 'expected a private RSA or EC JWK with a supported alg',
      });
    throw keyFileFault('client-key-unreadable', file, { problem: `cannot be read (${read.code})` });
  }
  if ((rules.platform ?? process.platform) === 'win32') return read.data;
  const uid = rules.uid ?? process.getuid?.() ?? 0;
  if (read.info.uid !== uid && read.info.uid !== 0)
    throw keyFileFault('client-key-wrong-owner', file, {
      owner: String(read.info.uid),
      problem: 'another account owns it and can read or replace it',
      fix: `chown ${accountName()} '${file}'`,
    });
  const forbidden = rules.groupMayRead ? 0o037 : 0o077;
  if ((read.info.mode & forbidden) !== 0) {
    const who = (read.info.mode & 0o007) !== 0 ? 'every user of this computer' : 'other users in its group';
    throw keyFileFault('client-key-exposed', file, {
      mode: modeText(read.info.mode),
      problem: `${who} can read or change it`,
      fix: `chmod ${rules.groupMayRead ? '640' : '600'} '${file}'`,
    });
  }
  await assertPrivateFolder(path.dirname(file), rules);
  return read.data;
}

/**
 * The folder of a key file: nobody else may create, replace or delete files in it (a world-writable
 * folder lets another user swap the key for their own). Checked before every read and write.
 */
export async function assertPrivateFolder(dir: string, rules: PrivateFileRules = {}): Promise<void> {
  if ((rules.platform ?? process.platform) === 'win32') return;
  const info = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw keyFileFault('client-key-unreadable', dir, { problem: `cannot be read (${err.code ?? 'error'})` });
  });
  if (info === undefined) return;
  const uid = rules.uid ?? process.getuid?.() ?? 0;
  if ((info.mode & 0o022) !== 0)
    throw keyFileFault('client-key-folder-exposed', dir, {
      mode: modeText(info.mode),
      problem: 'other users can replace the key file in it',
      fix: `chmod go-w '${dir}'`,
    });
  if (info.uid !== uid && info.uid !== 0)
    throw keyFileFault('client-key-folder-exposed', dir, {
      mode: modeText(info.mode),
      owner: String(info.uid),
      problem: 'another account owns the folder and can replace the key file in it',
      fix: `chown ${accountName()} '${dir}'`,
    });
}

const KIND_WORDS: Readonly<Record<FileKind, string>> = {
  directory: 'folder',
  fifo: 'named pipe (FIFO)',
  socket: 'socket',
  device: 'device',
  other: 'special file',
};

const modeText = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');
const platformOf = (rules: PrivateFileRules) => (rules.platform ? { platform: rules.platform } : {});

function accountName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '');
  }
}

/**
 * The clinician reads the error table's 'client-key-invalid' ("login is not set up here, call IT");
 * the finding, the file, the rule and the fix are IT's (the window's "Detaljer for IT", `doctor`).
 */
export function keyFileFault(
  finding: KeyFileFinding,
  file: string,
  detail: { problem?: string; fix?: string; mode?: string; owner?: string } = {},
): AppError {
  return new AppError('client-key-invalid', { detail: { file, finding, ...detail } });
}

/**
 * Writes `data` so that a crash leaves either the old file or the new one, never half of either:
 * a temp file in the same folder (owner-only from its creation), fsync, rename over the target.
 */
export async function writePrivateFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  // an existing folder others can write to is refused before the key goes into it (mkdir keeps its mode)
  await assertPrivateFolder(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await chmod(temp, 0o600); // an umask cannot widen it, but a restrictive one must not break reads either
  await rename(temp, file);
  // the rename itself is durable only once the folder is synced (POSIX); Windows has no folder handles
  if (process.platform !== 'win32') {
    const folder = await open(dir, 'r');
    await folder.sync().catch(() => {});
    await folder.close();
  }
}
