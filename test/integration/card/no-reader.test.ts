// A real module with no readers at all (OpenSC without pcscd or a reader): the service must
// start, report the module as loaded and show zero readers — the app's "no reader" state.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPkcs11CardService } from '../../../src/main/card/pkcs11-card-service.ts';

const OPENSC = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';

describe('a module without readers', () => {
  it.skipIf(!existsSync(OPENSC))('start_withOpenScAndNoReader_reportsNoReaders', async () => {
    const service = createPkcs11CardService({ modules: [OPENSC], probeDefaults: false });
    try {
      await service.start();
      const snapshot = service.snapshot();
      expect(snapshot.modules).toEqual([{ path: OPENSC, status: 'loaded' }]);
      expect(snapshot.readers).toEqual([]);
      expect(snapshot.cards).toEqual([]);
    } finally {
      await service.stop();
    }
  });
});
