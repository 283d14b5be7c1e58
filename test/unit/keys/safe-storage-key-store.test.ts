// The Electron key store as a thin shell over a safeStorage-shaped object (a fake of that shape:
// Electron itself never runs here). The file holds only what the OS encryption produced; the
// insecure basic_text backend is refused unless IT allowed it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageKeyStore, type SafeStorageLike } from '../../../src/main/app/safe-storage-key-store.ts';
import { generateClientKey } from '../../../src/main/keys/key-pair.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'helseid-safe-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

/** XOR with a per-instance byte: enough to prove the store writes only what it got back. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  const mask = 0x5a;
  return {
    calls,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (text) => (calls.push('encrypt'), Buffer.from(Buffer.from(text).map((b) => b ^ mask))),
    decryptStringAsync: async (data) => (
      calls.push('decrypt'),
      { shouldReEncrypt: false, result: Buffer.from(data.map((b) => b ^ mask)).toString() }
    ),
    getSelectedStorageBackend: () => backend,
  };
}

async function aDocument() {
  const { stored } = await generateClientKey(0, 2048);
  return {
    version: 1 as const,
    abandonedDrafts: [],
    client: {
      clientId: 'c1',
      authority: 'a',
      selvbetjening: 's',
      organizationNumber: '912345678',
      state: 'ready' as const,
      createdAt: 0,
      current: stored,
      renewal: { failures: 0 },
    },
  };
}

describe('safeStorage key store', () => {
  it('roundTrips_throughTheOsEncryption_andTheFileHoldsNoKeyMaterial', async () => {
    const safe = fakeSafeStorage('gnome_libsecret');
    const store = createSafeStorageKeyStore({
      safeStorage: safe,
      folder: dir,
      allowBasicText: false,
      platform: 'linux',
    });
    const doc = await aDocument();
    await store.write(doc);
    expect(await store.read()).toEqual(doc);
    expect(safe.calls).toEqual(['encrypt', 'decrypt']);
    const raw = await readFile(store.describe().location, 'latin1');
    expect(raw).not.toContain(doc.client.current.privateJwk.d);
    expect(raw).not.toContain('privateJwk');
    expect(store.describe()).toMatchObject({ protection: 'gnome_libsecret', scope: 'account' });
  });

  it('basicTextBackend_isRefused_unlessAllowed', async () => {
    const refused = createSafeStorageKeyStore({
      safeStorage: fakeSafeStorage('basic_text'),
      folder: dir,
      allowBasicText: false,
      platform: 'linux',
    });
    const err = await refused.write(await aDocument()).then(
      () => undefined,
      (e: unknown) => e as AppError,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'key-store-unavailable', detail: { protection: 'basic_text' } });
    expect(String(err?.detail?.['fix'])).toContain('allow_basic_text');
    const allowed = createSafeStorageKeyStore({
      safeStorage: fakeSafeStorage('basic_text'),
      folder: dir,
      allowBasicText: true,
      platform: 'linux',
    });
    await allowed.write(await aDocument());
    await expect(allowed.read()).resolves.toMatchObject({ client: { clientId: 'c1' } });
  });

  it('encryptionUnavailable_isRefused', async () => {
    const store = createSafeStorageKeyStore({
      safeStorage: fakeSafeStorage('dpapi', false),
      folder: dir,
      allowBasicText: false,
      platform: 'win32',
    });
    await expect(store.read()).rejects.toMatchObject({
      code: 'key-store-unavailable',
      detail: { protection: 'dpapi' },
    });
  });

  it('anotherAccountsBlob_isReportedAsCorrupt', async () => {
    const store = createSafeStorageKeyStore({
      safeStorage: fakeSafeStorage('keychain'),
      folder: dir,
      allowBasicText: false,
      platform: 'darwin',
    });
    await store.write(await aDocument());
    const other = createSafeStorageKeyStore({
      safeStorage: {
        ...fakeSafeStorage('keychain'),
        decryptStringAsync: async () => {
          throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        },
      },
      folder: dir,
      allowBasicText: false,
      platform: 'darwin',
    });
    await expect(other.read()).rejects.toMatchObject({ code: 'key-store-corrupt' });
  });
});
