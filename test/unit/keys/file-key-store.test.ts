// The plain-Node key store: an owner-only file, written atomically, refused when others can read or
// change it (naming the file and the fix); IT's own JWK file (private_jwk_path) gets the same check.
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readClientJwk } from '../../../src/main/keys/client-key.ts';
import { createFileKeyStore, FILE_STORE_NAME } from '../../../src/main/keys/file-key-store.ts';
import { generateClientKey } from '../../../src/main/keys/key-pair.ts';
import type { KeyStoreDocument } from '../../../src/main/keys/client-record.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';

const posix = process.platform !== 'win32';
let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'helseid-keys-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

async function documentWithKey(): Promise<KeyStoreDocument> {
  const { stored } = await generateClientKey(1_000, 2048);
  return {
    version: 1,
    abandonedDrafts: [],
    client: {
      clientId: 'c1',
      authority: 'http://127.0.0.1:1',
      selvbetjening: 'http://127.0.0.1:2',
      organizationNumber: '912345678',
      state: 'ready',
      createdAt: 1_000,
      current: stored,
      renewal: { failures: 0 },
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('file key store', () => {
  it('writeThenRead_roundTrips_ownerOnly_noTempFileLeft', async () => {
    const store = createFileKeyStore({ folder: path.join(dir, 'state') });
    const doc = await documentWithKey();
    await store.write(doc);
    expect(await store.read()).toEqual(doc);
    const file = store.describe().location;
    expect(path.basename(file)).toBe(FILE_STORE_NAME);
    if (posix) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
    expect(await readdir(path.dirname(file))).toEqual([FILE_STORE_NAME]);
  });

  it('nothingStoredYet_readsAnEmptyDocument', async () => {
    expect(await createFileKeyStore({ folder: dir }).read()).toEqual({ version: 1, abandonedDrafts: [] });
  });

  it.skipIf(!posix)('keyFileReadableByOthers_isRefused_namingTheFileAndTheFix', async () => {
    const store = createFileKeyStore({ folder: dir });
    await store.write(await documentWithKey());
    const file = store.describe().location;
    await chmod(file, 0o644);
    const err = await refusal(store.read());
    expect(err.code).toBe('client-key-invalid');
    expect(err.detail).toMatchObject({ finding: 'client-key-exposed', file, mode: '644', fix: `chmod 600 '${file}'` });
    expect(String(err.detail?.['problem'])).toContain('every user of this computer');
    // IT's finding names the file, its mode and the fix; the clinician's words name none of it
    const forIt = errorText('client-key-exposed', 'en', err.detail);
    expect(forIt.what).toContain(file);
    expect(forIt.what).toContain('644');
    expect(forIt.todo).toContain('chmod 600');
    const person = errorText(err.code, 'en', err.detail);
    expect(`${person.what} ${person.todo}`).not.toMatch(/chmod|644/);
  });

  it.skipIf(!posix)('keyFolderWritableByOthers_isRefused', async () => {
    const store = createFileKeyStore({ folder: dir });
    await store.write(await documentWithKey());
    await chmod(dir, 0o777);
    const err = await refusal(store.read());
    expect(err.code).toBe('client-key-invalid');
    expect(err.detail).toMatchObject({
      finding: 'client-key-folder-exposed',
      file: dir,
      mode: '777',
      fix: `chmod go-w '${dir}'`,
    });
    expect(errorText('client-key-folder-exposed', 'en', err.detail).todo).toContain(`chmod go-w '${dir}'`);
  });

  it.skipIf(!posix)('installationScope_allowsGroupRead_butNotGroupWrite', async () => {
    const store = createFileKeyStore({ folder: dir, scope: 'installation' });
    await store.write(await documentWithKey());
    await chmod(store.describe().location, 0o640);
    await expect(store.read()).resolves.toMatchObject({ client: { clientId: 'c1' } });
    await chmod(store.describe().location, 0o660);
    expect((await refusal(store.read())).detail?.['finding']).toBe('client-key-exposed');
  });

  it('damagedFile_isReportedAsCorrupt_withoutQuotingIt', async () => {
    const store = createFileKeyStore({ folder: dir });
    await store.write(await documentWithKey());
    await writeFile(
      store.describe().location,
      '{"version":1,"client":{"clientId":"c1","current":{"privateJwk":{"d":"SECRET-PART"}}}}',
      { mode: 0o600 },
    );
    const err = await refusal(store.read());
    expect(err.code).toBe('key-store-corrupt');
    expect(JSON.stringify(err.detail)).not.toContain('SECRET-PART');
    expect(err.message).not.toContain('SECRET-PART');
  });
});

describe("IT's key file (private_jwk_path)", () => {
  it.skipIf(!posix)('jwkFileReadableByOthers_isRefused', async () => {
    const file = path.join(dir, 'client.jwk.json');
    await writeFile(file, JSON.stringify((await generateClientKey(0, 2048)).stored.privateJwk), { mode: 0o644 });
    await chmod(file, 0o644);
    const err = await refusal(readClientJwk(file));
    expect(err.code).toBe('client-key-invalid');
    expect(err.detail).toMatchObject({ finding: 'client-key-exposed', file, fix: `chmod 600 '${file}'` });
    await chmod(file, 0o600);
    await expect(readClientJwk(file)).resolves.toMatchObject({ kty: 'RSA', alg: 'PS256' });
  });
});
