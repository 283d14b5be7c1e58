// Presence from PC/SC, content from PKCS#11 (issue 22): for a module whose slots are PC/SC readers
// (OpenSC: a slot's description is the reader's name), which card is in a reader is decided by
// what the module read, but WHETHER a card is in it only by PC/SC. So a card is gone the moment
// PC/SC says so, whatever the module is doing (even deadlocked), and a card PC/SC still sees stays
// listed through a module restart or a scan that could not read it — no spurious removal.
import type { ScannedCard, ScannedReader } from './common/module-protocol.ts';
import type { PcscReader } from './pcsc/pcsc-watcher.ts';

/** PKCS#11 slot descriptions are 64 blank-padded bytes: a longer reader name arrives cut short */
const SLOT_DESCRIPTION_LENGTH = 64;

/** The PC/SC reader a slot shows, by name; undefined when none matches (the module then watches itself). */
export function pcscReaderName(slotLabel: string, readers: ReadonlyMap<string, PcscReader>): string | undefined {
  if (readers.has(slotLabel)) return slotLabel;
  if (slotLabel.length < SLOT_DESCRIPTION_LENGTH - 2) return undefined;
  const candidates = [...readers.keys()].filter((name) => name.startsWith(slotLabel));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export interface ReaderContent<T> {
  /** PC/SC's insertion count when this card was read: another insertion is another card */
  readonly insertion: number;
  readonly card: T;
}

/**
 * What one module's readers hold, kept per PC/SC reader name. `seq` is the count of PC/SC changes
 * the module had been told of when it read its slots; a reader that changed after that is not
 * decided by this scan (a newer one has been asked for).
 */
export class PcscContent<T> {
  readonly #byReader = new Map<string, ReaderContent<T>>();
  readonly #changedAt = new Map<string, number>();

  /** PC/SC changed `name` as its `seq`-th change: drop what it held if the card left or another came */
  pcscChanged(name: string, seq: number, reader: PcscReader | undefined): void {
    this.#changedAt.set(name, seq);
    const held = this.#byReader.get(name);
    if (held && (!reader?.present || reader.insertion !== held.insertion)) this.#byReader.delete(name);
  }

  /**
   * Takes a scan's word for the readers it may decide. Returns the names of readers PC/SC says hold
   * a card the scan could not read (read again later).
   */
  applyScan(
    readers: readonly ScannedReader[],
    cards: readonly ScannedCard[],
    seq: number,
    pcsc: ReadonlyMap<string, PcscReader>,
    make: (card: ScannedCard) => T,
  ): string[] {
    const unread: string[] = [];
    for (const reader of readers) {
      const name = pcscReaderName(reader.label, pcsc);
      const state = name === undefined ? undefined : pcsc.get(name);
      if (name === undefined || !state) continue;
      if (seq < (this.#changedAt.get(name) ?? 0)) continue;
      if (!state.present) {
        this.#byReader.delete(name);
        continue;
      }
      const card = cards.find((c) => c.slotId === reader.slotId && !c.unreadable);
      if (card) this.#byReader.set(name, { insertion: state.insertion, card: make(card) });
      else {
        // nothing read: keep a card read earlier from this same insertion (a failed look is not a pull)
        if (this.#byReader.get(name)?.insertion !== state.insertion) this.#byReader.delete(name);
        if (!this.#byReader.has(name)) unread.push(name);
      }
    }
    return unread;
  }

  /** the cards PC/SC still sees, as read */
  present(pcsc: ReadonlyMap<string, PcscReader>): T[] {
    return [...this.#byReader].flatMap(([name, held]) => {
      const reader = pcsc.get(name);
      return reader?.present && reader.insertion === held.insertion ? [held.card] : [];
    });
  }

  /** the reader name and insertion a card was read from */
  find(match: (card: T) => boolean): { name: string; insertion: number } | undefined {
    for (const [name, held] of this.#byReader) if (match(held.card)) return { name, insertion: held.insertion };
    return undefined;
  }

  clear(): void {
    this.#byReader.clear();
  }
}
