// The key store in Electron: the document encrypted by the OS for this account (safeStorage: DPAPI
// on Windows, Keychain on macOS, libsecret/kwallet on Linux) in an owner-only file, written
// atomically. A thin shell over the file helpers: it takes a safeStorage-shaped object, so tests run
// it with a fake and the real one is passed in by main.ts. Uses the async API (the sync one goes away
// in Electron 46). Where Linux has no keyring, Electron silently uses "basic_text" (a key hard-coded
// in Chromium): that is no protection, so it is refused unless IT allowed it in the configuration.
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error.ts';
import { decodeDocument, encodeDocument } from '../keys/key-document-codec.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { OS_STORE_NAME } from '../keys/key-store-location.ts';
import { assertPrivateFolder, readPrivateFile, writePrivateFileAtomically } from '../keys/private-file.ts';

/** The part of Electron's safeStorage this uses. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only */
  getSelectedStorageBackend?(): string;
}

export const SAFE_STORE_NAME = OS_STORE_NAME;

export function createSafeStorageKeyStore(options: {
  safeStorage: SafeStorageLike;
  folder: string;
  allowBasicText: boolean;
  platform?: NodeJS.Platform;
}): KeyStore {
  const platform = options.platform ?? process.platform;
  const file = path.join(options.folder, SAFE_STORE_NAME);
  const backend = () =>
    platform === 'win32'
      ? 'dpapi'
      : platform === 'darwin'
        ? 'keychain'
        : (options.safeStorage.getSelectedStorageBackend?.() ?? 'unknown');
  const ready = async () => {
    if (!(await options.safeStorage.isAsyncEncryptionAvailable())) {
      throw new AppError('key-store-unavailable', {
        detail: { protection: backend(), problem: 'the OS key protection is not available for this account' },
      });
    }
    if (backend() === 'basic_text' && !options.allowBasicText) {
      throw new AppError('key-store-unavailable', {
        detail: {
          protection: 'basic_text',
          problem: 'no keyring (libsecret/kwallet) is running, so Electron would use a fixed key',
          fix: 'start a keyring for this account, or set provisioning.key_store.allow_basic_text (not recommended)',
        },
      });
    }
  };
  return {
    describe: () => ({ protection: backend(), location: file, scope: 'account' }),
    async read() {
      await ready();
      const data = await readPrivateFile(file, { platform });
      if (data === undefined) {
        await assertPrivateFolder(options.folder, { platform });
        return decodeDocument(undefined, file);
      }
      let text: string;
      let reEncrypt: boolean;
      try {
        const decrypted = await options.safeStorage.decryptStringAsync(data);
        text = decrypted.result;
        reEncrypt = decrypted.shouldReEncrypt;
      } catch {
        // another account's or another machine's blob, or a damaged file
        throw new AppError('key-store-corrupt', {
          detail: { file, problem: 'the OS could not decrypt it for this account' },
        });
      }
      const document = decodeDocument(text, file);
      if (reEncrypt)
        await writePrivateFileAtomically(file, await options.safeStorage.encryptStringAsync(encodeDocument(document)));
      return document;
    },
    async write(document) {
      await ready();
      await writePrivateFileAtomically(file, await options.safeStorage.encryptStringAsync(encodeDocument(document)));
    },
  };
}
