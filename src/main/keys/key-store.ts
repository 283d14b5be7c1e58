// Where the installation's client and private key live. One interface, two implementations chosen by
// the composition root: a file only its owner can read (plain Node: CLI, preview, tests) and the
// OS protection through Electron's safeStorage (src/main/app/safe-storage-key-store.ts).
// Every write replaces the whole document atomically, so a crash between two steps of a renewal
// leaves the document of the step before — with a key that works.
import type { KeyStoreDocument } from './client-record.ts';

export interface KeyStoreDescription {
  /** 'file' (owner-only file) or the OS protection's name ('dpapi', 'keychain', 'gnome_libsecret', …) */
  readonly protection: string;
  /** the file that holds the (protected) document */
  readonly location: string;
  /** 'account' or 'installation' */
  readonly scope: string;
}

export interface KeyStore {
  describe(): KeyStoreDescription;
  /** the document, or an empty one when nothing was stored yet */
  read(): Promise<KeyStoreDocument>;
  write(document: KeyStoreDocument): Promise<void>;
}
