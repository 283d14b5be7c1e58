// Whatever IT (or an accident) put at a key file's path, the app says what it is and never hangs:
// a FIFO is opened without blocking, a link is not followed, a folder is not "unreadable", another
// account's file is refused, and a folder others may write to is refused before a key goes in.
// Each is AppError('client-key-invalid') for the person, with `doctor`'s finding and the fix for IT.
import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readClientJwk } from '../../../src/main/keys/client-key.ts';
import { createFileKeyStore } from '../../../src/main/keys/file-key-store.ts';
import { generateClientKey } from '../../../src/main/keys/key-pair.ts';
import { writePrivateFileAtomically } from '../../../src/main/keys/private-file.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';

const posix = process.platform !== 'win32';
const root = posix && process.getuid?.() === 0;
let dir: string;
let keyJson: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'helseid-key-faults-'));
  keyJson ??= JSON.stringify((await generateClientKey(0, 2048)).stored.privateJwk);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function findingOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('client-key-invalid');
  return { ...(err as AppError).detail };
}

describe.skipIf(!posix)('key file faults', () => {
  it('keyFileIsAFifo_isRefusedAtOnce_asNotAFile_insteadOfHanging', async () => {
    const file = path.join(dir, 'client.jwk');
    execFileSync('mkfifo', ['-m', '600', file]);
    expect(await findingOf(readClientJwk(file))).toMatchObject({
      finding: 'client-key-not-a-file',
      problem: 'expected a file, not a named pipe (FIFO)',
    });
  });

  it('keyFileIsAFolder_isNotAFile_notUnreadable', async () => {
    const file = path.join(dir, 'client.jwk');
    await mkdir(file);
    expect(await findingOf(readClientJwk(file))).toMatchObject({
      finding: 'client-key-not-a-file',
      problem: 'expected a file, not a folder',
    });
  });

  it('keyFileIsASymlink_isNotFollowed_andIsNotToldChmod', async () => {
    const real = path.join(dir, 'real.jwk');
    await writeFile(real, keyJson, { mode: 0o600 });
    const file = path.join(dir, 'client.jwk');
    await symlink(real, file);
    const detail = await findingOf(readClientJwk(file));
    expect(detail).toMatchObject({ finding: 'client-key-symlink', file });
    expect(String(detail['fix'])).not.toContain('chmod');
  });

  it('keyFileTruncated_isUnparseable_withoutQuotingIt', async () => {
    const file = path.join(dir, 'client.jwk');
    await writeFile(file, keyJson.slice(0, 60), { mode: 0o600 });
    const detail = await findingOf(readClientJwk(file));
    expect(detail).toMatchObject({ finding: 'client-key-unparseable' });
    expect(JSON.stringify(detail)).not.toContain(keyJson.slice(20, 60));
  });

  it.skipIf(!root)('keyFileOwnedByAnotherAccount_isRefused_namingTheOwner', async () => {
    const file = path.join(dir, 'client.jwk');
    await writeFile(file, keyJson, { mode: 0o600 });
    await chown(file, 4321, 4321);
    expect(await findingOf(readClientJwk(file))).toMatchObject({ finding: 'client-key-wrong-owner', owner: '4321' });
  });

  it('keyFolderWritableByEveryone_isRefused_evenWhenTheFileIsFine', async () => {
    const file = path.join(dir, 'client.jwk');
    await writeFile(file, keyJson, { mode: 0o600 });
    await chmod(dir, 0o777);
    expect(await findingOf(readClientJwk(file))).toMatchObject({
      finding: 'client-key-folder-exposed',
      file: dir,
      mode: '777',
      fix: `chmod go-w '${dir}'`,
    });
  });

  it('keyStoreInAnExistingWorldWritableFolder_isRefusedBeforeAnythingIsWritten', async () => {
    const folder = path.join(dir, 'store');
    await mkdir(folder);
    await chmod(folder, 0o777);
    const store = createFileKeyStore({ folder });
    // reading the (empty) store already says so: the set-up stops before it creates a draft
    expect(await findingOf(store.read())).toMatchObject({ finding: 'client-key-folder-exposed', file: folder });
    expect(await findingOf(writePrivateFileAtomically(path.join(folder, 'k.json'), '{}'))).toMatchObject({
      finding: 'client-key-folder-exposed',
    });
    expect(execFileSync('ls', ['-A', folder], { encoding: 'utf8' })).toBe('');
  });
});
