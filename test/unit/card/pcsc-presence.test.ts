// Presence from PC/SC, content from PKCS#11 (src/main/card/pcsc-presence.ts): which scans may decide
// a reader, and why a card PC/SC still sees is never dropped by a scan that could not read it.
import { describe, expect, it } from 'vitest';
import { PcscContent, pcscReaderName } from '../../../src/main/card/pcsc-presence.ts';
import { snapshotEvents } from '../../../src/main/card/snapshot-diff.ts';
import type { ScannedCard, ScannedReader } from '../../../src/main/card/common/module-protocol.ts';
import type { PcscReader } from '../../../src/main/card/pcsc/pcsc-watcher.ts';

const READER = 'Virtual PCD 00 00';
const slot: ScannedReader = { slotId: '00', label: READER, hasCard: true, pinPad: false };
const card = { slotId: '00', tokenSerial: 'kari' } as ScannedCard;
const pcsc = (present: boolean, insertion: number): Map<string, PcscReader> =>
  new Map([[READER, { name: READER, present, insertion }]]);
const serials = (content: PcscContent<ScannedCard>, readers: Map<string, PcscReader>) =>
  content.present(readers).map((c) => c.tokenSerial);

describe('PC/SC presence, PKCS#11 content', () => {
  it('scanWithoutTheCard_whilePcscSeesTheSameInsertion_keepsTheCard', () => {
    const content = new PcscContent<ScannedCard>();
    content.applyScan([slot], [card], 0, pcsc(true, 1), (c) => c);
    // the module could not read it this time (busy, restarted, a failed C_GetTokenInfo): not a pull
    expect(content.applyScan([slot], [], 0, pcsc(true, 1), (c) => c)).toEqual([]);
    expect(serials(content, pcsc(true, 1))).toEqual(['kari']);
  });

  it('pcscSaysEmpty_theCardIsGoneAtOnce_whateverTheModuleLastSaid', () => {
    const content = new PcscContent<ScannedCard>();
    content.applyScan([slot], [card], 0, pcsc(true, 1), (c) => c);
    content.pcscChanged(READER, 1, pcsc(false, 1).get(READER));
    expect(serials(content, pcsc(false, 1))).toEqual([]);
  });

  it('scanOlderThanAPcscChange_doesNotDecideThatReader', () => {
    const content = new PcscContent<ScannedCard>();
    content.pcscChanged(READER, 3, pcsc(true, 2).get(READER));
    // read before the service told the module about change 3: it may show the card pulled since
    content.applyScan([slot], [card], 2, pcsc(true, 2), (c) => c);
    expect(serials(content, pcsc(true, 2))).toEqual([]);
    content.applyScan([slot], [card], 3, pcsc(true, 2), (c) => c);
    expect(serials(content, pcsc(true, 2))).toEqual(['kari']);
  });

  it('anotherInsertion_dropsTheCardReadFromThePreviousOne_andAsksForAReadOfTheNew', () => {
    const content = new PcscContent<ScannedCard>();
    content.applyScan([slot], [card], 0, pcsc(true, 1), (c) => c);
    // pulled and pushed back between two looks: PC/SC's insertion count moved
    content.pcscChanged(READER, 1, pcsc(true, 2).get(READER));
    expect(serials(content, pcsc(true, 2))).toEqual([]);
    expect(content.applyScan([slot], [], 1, pcsc(true, 2), (c) => c)).toEqual([READER]);
  });

  it('slotDescription_cutTo64Characters_matchesTheOnePcscReaderItStarts', () => {
    const long = 'ACS ACR1252 Dual Reader [ACR1252 Dual Reader PICC] (1234567890) 00 01';
    const readers = new Map([[long, { name: long, present: true, insertion: 1 }]]);
    expect(pcscReaderName(long.slice(0, 64), readers)).toBe(long);
    expect(pcscReaderName('Some Other Reader', readers)).toBeUndefined();
  });

  it('readerGetsACard_beforeItIsRead_isAReaderChangedEvent', () => {
    const reader = { id: 'm:slot-0', label: READER, module: 'm', hasCard: false, pinPad: false };
    const before = { modules: [], readers: [reader], cards: [] };
    expect(snapshotEvents(before, { ...before, readers: [{ ...reader, hasCard: true }] })).toEqual([
      { type: 'reader-changed', readerId: 'm:slot-0' },
    ]);
  });
});
