// Files that hold a private key: who may read them, and how they are written. A key file that other
// users can read lets them get machine tokens as this installation with no card and no person
// (measured: a 0644 key file, `token --api registry` worked), so such a file is refused, naming the
// file and the fix. POSIX mode bits only: on Windows, Node's mode says nothing about ACLs, so there
// the folder's ACL (set by the installer or IT) is the protection, and the README says so.
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error.ts';

export interface PrivateFileRules {
  /** allow the file's group to read it (one client per installation, shared by the group IT chose) */
  readonly groupMayRead?: boolean;
  readonly platform?: NodeJS.Platform;
}

/** Throws AppError('client-key-exposed' | 'client-key-folder-exposed') when others may read or change `file`; missing files pass (ENOENT is the caller's). */
export async function assertPrivateFile(file: string, rules: PrivateFileRules = {}): Promise<void> {
  if ((rules.platform ?? process.platform) === 'win32') return;
  let info;
  try {
    info = await lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  // a symlink could point anywhere, including at a file someone else controls
  if (info.isSymbolicLink())
    throw exposed(
      'client-key-exposed',
      file,
      'symlink',
      'a symbolic link can point at a file others control',
      'replace the link with the file itself',
    );
  const forbidden = rules.groupMayRead ? 0o037 : 0o077;
  if ((info.mode & forbidden) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
    const who = (info.mode & 0o007) !== 0 ? 'every user of this computer' : 'other users in its group';
    throw exposed(
      'client-key-exposed',
      file,
      mode,
      `${who} can read or change it`,
      `chmod ${rules.groupMayRead ? '640' : '600'} '${file}'`,
    );
  }
  const dir = path.dirname(file);
  const dirInfo = await stat(dir);
  if ((dirInfo.mode & 0o022) !== 0) {
    const mode = (dirInfo.mode & 0o777).toString(8).padStart(3, '0');
    throw exposed(
      'client-key-folder-exposed',
      dir,
      mode,
      'other users can replace the key file in it',
      `chmod go-w '${dir}'`,
    );
  }
}

/** Codes from the error table: {file} and {mode} for the person, {problem} and {fix} for IT. */
function exposed(
  code: 'client-key-exposed' | 'client-key-folder-exposed',
  file: string,
  mode: string,
  problem: string,
  fix: string,
): AppError {
  return new AppError(code, { detail: { file, mode, problem, fix } });
}

/**
 * Writes `data` so that a crash leaves either the old file or the new one, never half of either:
 * a temp file in the same folder (owner-only from its creation), fsync, rename over the target.
 */
export async function writePrivateFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
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
