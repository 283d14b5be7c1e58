// Pure pieces of the PKCS#11 service: DigestInfo signing, event order, module discovery.
import { generateKeyPairSync, privateEncrypt, sign, constants } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestInfo } from '../../../src/main/card/common/digest-info.ts';
import { snapshotEvents } from '../../../src/main/card/snapshot-diff.ts';
import { moduleCandidates, knownModulePaths } from '../../../src/main/card/module-probe.ts';
import type { CardSnapshot } from '../../../src/shared/card-types.ts';

describe('card service pieces', () => {
  it('digestInfo_signedWithRawRsaPkcs_equalsRs256', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('hello card');
    // what CKM_RSA_PKCS does with a DigestInfo: PKCS#1 v1.5 type 1 padding + private key operation
    const viaDigestInfo = privateEncrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
      digestInfo('SHA-256', data),
    );
    expect(viaDigestInfo.equals(sign('sha256', data, privateKey))).toBe(true);
  });

  it('events_whenReaderUnplugged_cardRemovedComesFirst', () => {
    const card = { id: 'm:1', readerId: 'm:slot-1' } as CardSnapshot['cards'][number];
    const before: CardSnapshot = {
      modules: [],
      readers: [{ id: 'm:slot-1', label: 'r', module: 'm', hasCard: true, pinPad: false }],
      cards: [card],
    };
    expect(snapshotEvents(before, { modules: [], readers: [], cards: [] })).toEqual([
      { type: 'card-removed', readerId: 'm:slot-1', cardId: 'm:1' },
      { type: 'reader-removed', readerId: 'm:slot-1' },
    ]);
    expect(snapshotEvents({ modules: [], readers: [], cards: [] }, before).map((e) => e.type)).toEqual([
      'reader-added',
      'card-inserted',
    ]);
  });

  it('modules_configuredMissing_isListed_probedMissing_isNot', () => {
    const exists = (p: string) => p === '/usr/lib/softhsm/libsofthsm2.so';
    expect(moduleCandidates(['/opt/commfides/libcfp11.so'], true, exists)).toEqual([
      { path: '/opt/commfides/libcfp11.so', exists: false },
      { path: '/usr/lib/softhsm/libsofthsm2.so', exists: true },
    ]);
    expect(knownModulePaths('win32', { ProgramFiles: 'C:\\Program Files' })[0]).toBe(
      'C:\\Program Files\\Net iD\\iidp11.dll',
    );
  });

  it('modules_reachedThroughTwoSymlinks_areLoadedOnce', () => {
    const exists = (p: string) => p.endsWith('libsofthsm2.so');
    const realPath = (p: string) =>
      p.endsWith('libsofthsm2.so') ? '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so' : p;
    expect(moduleCandidates(['/usr/lib/softhsm/libsofthsm2.so'], true, exists, realPath)).toEqual([
      { path: '/usr/lib/softhsm/libsofthsm2.so', exists: true },
    ]);
  });
});
