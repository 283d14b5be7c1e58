// Reading a file whose path IT wrote into the configuration (the configuration itself, the client
// key, the key store): whatever is at that path. A FIFO there must not hang start-up or the command
// line (a plain readFile waits for a writer forever), a directory or a device is not "unreadable"
// but the wrong kind of thing, and for a private key a symbolic link is refused without being
// followed (it can point at a file someone else controls). So the file is opened first — without
// blocking, and for keys without following a link — and what was opened is checked through its
// handle, so nothing can be swapped in between the check and the read.
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';

export type FileKind = 'directory' | 'fifo' | 'socket' | 'device' | 'other';

export type FileFault =
  | { readonly fault: 'missing' }
  | { readonly fault: 'unreadable'; readonly code: string }
  | { readonly fault: 'symlink' }
  | { readonly fault: 'not-a-file'; readonly kind: FileKind }
  | { readonly fault: 'too-big'; readonly bytes: number };

export type FileRead =
  { readonly ok: true; readonly data: Buffer; readonly info: Stats } | ({ readonly ok: false } & FileFault);

export interface ReadOptions {
  /** refuse a symbolic link instead of following it (private keys) */
  readonly noSymlink?: boolean;
  /** larger files are refused unread (a key or configuration is a few kB; /dev/zero is not) */
  readonly maxBytes: number;
  readonly platform?: NodeJS.Platform;
}

export async function readRegularFile(file: string, options: ReadOptions): Promise<FileRead> {
  const windows = (options.platform ?? process.platform) === 'win32';
  // Windows has no O_NOFOLLOW or O_NONBLOCK (and no FIFOs in the file system): ask lstat there
  if (options.noSymlink && windows) {
    const link = await lstat(file).then(
      (info) => info.isSymbolicLink(),
      () => false,
    );
    if (link) return { ok: false, fault: 'symlink' };
  }
  const flags =
    constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.noSymlink ? (constants.O_NOFOLLOW ?? 0) : 0);
  let handle: FileHandle;
  try {
    handle = await open(file, flags);
  } catch (err) {
    return { ok: false, ...openFault((err as NodeJS.ErrnoException).code ?? 'error', options.noSymlink === true) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, fault: 'not-a-file', kind: kindOf(info) };
    if (info.size > options.maxBytes) return { ok: false, fault: 'too-big', bytes: info.size };
    return { ok: true, data: await handle.readFile(), info };
  } catch (err) {
    return { ok: false, fault: 'unreadable', code: (err as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    await handle.close();
  }
}

function openFault(code: string, noSymlink: boolean): FileFault {
  if (code === 'ENOENT' || code === 'ENOTDIR') return { fault: 'missing' };
  // O_NOFOLLOW on a link: ELOOP on Linux and macOS (EMLINK on FreeBSD)
  if (noSymlink && (code === 'ELOOP' || code === 'EMLINK')) return { fault: 'symlink' };
  if (code === 'EISDIR') return { fault: 'not-a-file', kind: 'directory' };
  return { fault: 'unreadable', code };
}

function kindOf(info: Stats): FileKind {
  if (info.isDirectory()) return 'directory';
  if (info.isFIFO()) return 'fifo';
  if (info.isSocket()) return 'socket';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'device';
  return 'other';
}
