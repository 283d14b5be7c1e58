// Watches card readers and card presence through PC/SC's own status-change events (pcsc-lite here,
// WinSCard on Windows), the way Web eID's libpcsc-cpp does: no card is connected to, no command is
// sent, so a removal is seen whatever a PKCS#11 module is doing (even deadlocked), and idle costs
// nothing — one SCardGetStatusChange waits on a koffi worker thread, never on the main thread.
// stop() wakes it with SCardCancel. pcscd going away (or restarting) is retried every second.
import { PNP_NOTIFICATION, SCARD, SCARD_STATE, loadWinScard, type ReaderState, type WinScard } from './winscard.ts';

export interface PcscReader {
  readonly name: string;
  readonly present: boolean;
  /**
   * counts insertions seen for this reader (ours, from PC/SC's event counter where it has one):
   * a card pulled and pushed back between two looks still changes it
   */
  readonly insertion: number;
}

export interface PcscWatcher {
  /** the readers PC/SC knows now (empty until the first look) */
  readers(): ReadonlyMap<string, PcscReader>;
  /** called after every change, with the reader names that changed */
  onChange(listener: (changed: readonly string[]) => void): () => void;
  /** resolves after the first look at the readers */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

const RETRY_MS = 1_000;
/** a wait is bounded anyway, so a lost wake-up (a PnP change some platforms do not report) costs this at most */
const WAIT_MS = 30_000;

/**
 * Starts watching, or returns the reason PC/SC cannot be watched here (no library, no service):
 * the card service then watches through the PKCS#11 modules as before.
 */
export function startPcscWatcher(log: (line: string) => void = () => {}): PcscWatcher | string {
  let api: WinScard;
  try {
    api = loadWinScard();
  } catch (error) {
    return `PC/SC library not available: ${(error as Error).message}`;
  }
  let context: bigint | number | undefined;
  try {
    context = api.establishContext();
  } catch (error) {
    return `PC/SC service not available: ${(error as Error).message}`;
  }
  const listeners = new Set<(changed: readonly string[]) => void>();
  const readers = new Map<string, PcscReader>();
  let stopping = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const emit = (changed: string[]): void => {
    if (changed.length === 0) return;
    for (const listener of listeners) listener(changed);
  };

  /** applies one look's event states; returns the readers whose presence or insertion changed */
  const apply = (states: readonly ReaderState[]): string[] => {
    const changed: string[] = [];
    for (const s of states) {
      if (s.reader === PNP_NOTIFICATION) continue;
      const present = (s.eventState & SCARD_STATE.PRESENT) !== 0;
      const before = readers.get(s.reader);
      const counterMoved = before !== undefined && s.eventState >>> 16 !== s.currentState >>> 16;
      const inserted = present && (!before?.present || counterMoved);
      if (before && before.present === present && !inserted) continue;
      readers.set(s.reader, { name: s.reader, present, insertion: (before?.insertion ?? 0) + (inserted ? 1 : 0) });
      changed.push(s.reader);
    }
    return changed;
  };

  const loop = async (): Promise<void> => {
    let states: ReaderState[] = [];
    let relist = true;
    while (!stopping) {
      if (context === undefined) {
        try {
          context = api.establishContext();
          relist = true;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          continue;
        }
      }
      if (relist) {
        relist = false;
        let names: string[];
        try {
          names = api.listReaders(context);
        } catch {
          api.releaseContext(context);
          context = undefined;
          relist = true;
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          continue;
        }
        const gone = [...readers.keys()].filter((name) => !names.includes(name));
        for (const name of gone) readers.delete(name);
        const kept = new Map(states.map((s) => [s.reader, s]));
        states = [...names, PNP_NOTIFICATION].map((reader) => ({
          reader,
          currentState: kept.get(reader)?.currentState ?? SCARD_STATE.UNAWARE,
          eventState: 0,
        }));
        // first look at new readers: returns at once with their state
        const rc = await api.getStatusChange(context, 0, states);
        if (rc !== SCARD.S_SUCCESS && rc !== SCARD.E_TIMEOUT) {
          relist = true;
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          continue;
        }
        const changed = [...gone, ...apply(states)];
        for (const s of states) s.currentState = s.eventState & ~SCARD_STATE.CHANGED;
        markReady();
        emit(changed);
        continue;
      }
      const rc = await api.getStatusChange(context, stopping ? 0 : WAIT_MS, states);
      if (stopping) break;
      if (rc === SCARD.E_TIMEOUT) continue;
      if (rc === SCARD.S_SUCCESS) {
        const pnp = states.find((s) => s.reader === PNP_NOTIFICATION);
        const pnpChanged = pnp !== undefined && (pnp.eventState & SCARD_STATE.CHANGED) !== 0;
        const changed = apply(states);
        const vanished = states.some((s) => s.reader !== PNP_NOTIFICATION && s.eventState & SCARD_STATE.UNKNOWN);
        for (const s of states) s.currentState = s.eventState & ~SCARD_STATE.CHANGED;
        emit(changed);
        if (pnpChanged || vanished) relist = true;
        continue;
      }
      if (rc === SCARD.E_CANCELLED) continue; // stop() or a spurious cancel: the loop condition decides
      if (rc === SCARD.E_UNKNOWN_READER) {
        relist = true;
        continue;
      }
      // E_NO_SERVICE / E_SERVICE_STOPPED / E_INVALID_HANDLE: pcscd went away; every reader is gone
      // until it is back (a card we cannot see is a card we must not trust)
      log(`pcsc: status change failed (0x${rc.toString(16)}); reconnecting`);
      api.releaseContext(context);
      context = undefined;
      const gone = [...readers.keys()];
      readers.clear();
      states = [];
      emit(gone);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };

  const running = loop().catch((error: unknown) => {
    log(`pcsc: watcher stopped: ${(error as Error).message}`);
    markReady();
  });

  return {
    readers: () => readers,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
    async stop() {
      stopping = true;
      if (context !== undefined) api.cancel(context);
      await running;
      if (context !== undefined) api.releaseContext(context);
      context = undefined;
    },
  };
}
