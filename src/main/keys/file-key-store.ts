// The key store of plain Node (CLI, preview, tests): one JSON file only its owner can read, written
// atomically. Refuses to read a file or folder that others can read or change (private-file.ts).
import path from 'node:path';
import type { KeyStoreDocument } from './client-record.ts';
import { decodeDocument, encodeDocument } from './key-document-codec.ts';
import type { KeyStore } from './key-store.ts';
import { assertPrivateFolder, readPrivateFile, writePrivateFileAtomically } from './private-file.ts';

export const FILE_STORE_NAME = 'helseid-client.json';

export function createFileKeyStore(options: {
  folder: string;
  scope?: 'account' | 'installation';
  platform?: NodeJS.Platform;
}): KeyStore {
  const file = path.join(options.folder, FILE_STORE_NAME);
  const scope = options.scope ?? 'account';
  const rules = { groupMayRead: scope === 'installation', ...(options.platform ? { platform: options.platform } : {}) };
  return {
    describe: () => ({ protection: 'file', location: file, scope }),
    async read(): Promise<KeyStoreDocument> {
      const data = await readPrivateFile(file, rules);
      // nothing stored yet: the folder the set-up will write into must be safe all the same
      if (data === undefined) await assertPrivateFolder(options.folder, rules);
      return decodeDocument(data?.toString('utf8'), file);
    },
    async write(document) {
      await writePrivateFileAtomically(file, encodeDocument(document));
    },
  };
}
