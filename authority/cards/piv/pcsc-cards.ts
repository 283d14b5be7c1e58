// The environment's PC/SC cards: takes the machine-wide PC/SC lock, makes sure pcscd runs, issues
// the cards (piv-provision.ts) and runs each as its own process (piv-card-process.ts) that can be
// inserted into a virtual reader, removed and unblocked. close() undoes all of it.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { CaFamily, TestCa } from '../test-cas.ts';
import { acquirePcscLock, ensurePcscd, OPENSC_MODULE, VPCD_PORTS, type Pcscd } from './pcscd.ts';
import { readerHost } from './quickack-route.ts';
import { PCSC_CARDS, type PcscCardSpec } from './pcsc-card-specs.ts';
import { provisionPivCard, type ProvisionedPivCard } from './piv-provision.ts';
import type { CardProcessCommand, CardProcessState } from './piv-card-process.ts';

const CARD_PROCESS = fileURLToPath(new URL('./piv-card-process.ts', import.meta.url));

export interface PcscCardState {
  readonly label: string;
  /** index of the virtual reader it is in, or null when out */
  readonly reader: number | null;
  readonly pinTriesLeft: number;
}

export interface PcscCard {
  readonly provisioned: ProvisionedPivCard;
  readonly state: PcscCardState;
}

export interface PcscCards {
  readonly module: string;
  /** vpcd reader names as pcscd shows them, by index */
  readonly readerNames: readonly string[];
  readonly cards: readonly PcscCard[];
  /** inserts the card (into its own reader unless told) and waits until pcscd has seen it */
  insert(label: string, reader?: number): Promise<void>;
  /** pulls the card: its connection to the reader closes */
  remove(label: string): Promise<void>;
  /**
   * Unblocks the PIN. With `puk`: the card checks it (a wrong one fails, counting against the PUK's
   * tries) and resets the PIN's counter; without: resets the PIN and PUK counters (the issuer's reset).
   */
  unblock(label: string, puk?: string): Promise<void>;
  /**
   * makes the card answer each command `ms` later (0 = at once), ± `jitterMs` from a PRNG seeded
   * with `seed`: a real card's speed or a busy card
   */
  slow(label: string, ms: number, jitter?: { jitterMs: number; seed: number }): Promise<void>;
  /** per-APDU answer times the card processes measured since the last call (ms) */
  takeApduTimes(): number[];
  close(): Promise<void>;
}

interface Running {
  readonly provisioned: ProvisionedPivCard;
  readonly child: ChildProcess;
  last: CardProcessState;
  reader: number | null;
  readonly waiters: Set<(state: CardProcessState) => void>;
}

export interface StartPcscCardsOptions {
  stateDir: string;
  cas: Record<CaFamily, TestCa>;
  log?: (line: string) => void;
  /** insert every card into its reader at start (default true) */
  insertAll?: boolean;
  specs?: readonly PcscCardSpec[];
  /**
   * every card answers each command this much later, ± jitterMs (seeded per card from `seed`):
   * real cards take ≈ 40 ms per command where a virtual one takes 1–2 ms (default: at once)
   */
  commandDelay?: { ms: number; jitterMs: number; seed: number };
}

export async function startPcscCards(options: StartPcscCardsOptions): Promise<PcscCards> {
  const log = options.log ?? (() => {});
  const specs = options.specs ?? PCSC_CARDS;
  const release = await acquirePcscLock({ log });
  let pcscd: Pcscd | undefined;
  const running: Running[] = [];
  const apduMs: number[] = [];
  const cleanup = async (): Promise<void> => {
    for (const r of running) r.child.kill('SIGTERM');
    await Promise.all(
      running.map((r) =>
        r.child.exitCode === null && r.child.signalCode === null
          ? new Promise((resolve) => r.child.once('exit', resolve))
          : undefined,
      ),
    );
    await pcscd?.stop();
    release();
  };
  try {
    pcscd = await ensurePcscd(log);
    const host = readerHost(log);
    const provisioned = await Promise.all(
      specs.map((spec) => provisionPivCard(join(options.stateDir, 'pcsc'), spec, options.cas)),
    );
    for (const p of provisioned) {
      const child = fork(CARD_PROCESS, [p.dataPath], {
        execPath: process.execPath,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      const r: Running = {
        provisioned: p,
        child,
        reader: null,
        waiters: new Set(),
        last: { type: 'state', inserted: false, seen: false, pinTriesLeft: 3 },
      };
      child.on('message', (state: CardProcessState) => {
        r.last = state;
        if (!state.inserted && state.reason) r.reader = null; // the reader went away (pcscd stopped)
        if (state.reason) log(`PC/SC card "${p.spec.label}": ${state.reason}`);
        apduMs.push(...(state.apduMs ?? []));
        for (const waiter of [...r.waiters]) waiter(state);
      });
      running.push(r);
    }
    const byLabel = (label: string): Running => {
      const r = running.find((x) => x.provisioned.spec.label === label);
      if (!r)
        throw new Error(`no PC/SC card "${label}" (known: ${running.map((x) => x.provisioned.spec.label).join(', ')})`);
      return r;
    };
    const command = (
      r: Running,
      message: CardProcessCommand,
      until: (s: CardProcessState) => boolean,
      what: string,
    ): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          r.waiters.delete(waiter);
          reject(
            new Error(
              `PC/SC card "${r.provisioned.spec.label}": ${what} did not finish within 10 s (${r.last.reason ?? 'no reason given'})`,
            ),
          );
        }, 10_000);
        const waiter = (s: CardProcessState): void => {
          if (s.reason && what === 'insert' && !s.inserted) {
            clearTimeout(timer);
            r.waiters.delete(waiter);
            reject(new Error(s.reason));
            return;
          }
          if (!until(s)) return;
          clearTimeout(timer);
          r.waiters.delete(waiter);
          resolve();
        };
        r.waiters.add(waiter);
        r.child.send(message);
      });
    const cards: PcscCards = {
      module: OPENSC_MODULE,
      readerNames: VPCD_PORTS.map((_, i) => `Virtual PCD 00 ${String(i).padStart(2, '0')}`),
      get cards() {
        return running.map((r) => ({
          provisioned: r.provisioned,
          state: { label: r.provisioned.spec.label, reader: r.reader, pinTriesLeft: r.last.pinTriesLeft },
        }));
      },
      async insert(label, reader) {
        const r = byLabel(label);
        const index = reader ?? r.provisioned.spec.reader;
        const port = VPCD_PORTS[index];
        if (port === undefined) throw new Error(`no virtual reader ${index}`);
        const occupant = running.find((x) => x !== r && x.reader === index);
        if (occupant)
          throw new Error(`virtual reader ${index} holds "${occupant.provisioned.spec.label}"; remove it first`);
        if (r.reader !== null && r.reader !== index) await cards.remove(label);
        if (r.reader === index && r.last.seen) return;
        await command(r, { type: 'insert', port, host }, (s) => s.inserted && s.seen, 'insert');
        r.reader = index;
      },
      async remove(label) {
        const r = byLabel(label);
        if (r.reader === null && !r.last.inserted) return;
        await command(r, { type: 'remove' }, (s) => !s.inserted, 'remove');
        r.reader = null;
      },
      async unblock(label, puk) {
        const r = byLabel(label);
        await command(r, { type: 'unblock', ...(puk === undefined ? {} : { puk }) }, () => true, 'unblock');
        if (puk !== undefined && r.last.reason?.startsWith('wrong PUK'))
          throw new Error(`PC/SC card "${label}": ${r.last.reason}`);
      },
      async slow(label, ms, jitter) {
        await command(byLabel(label), { type: 'slow', ms, ...jitter }, () => true, 'slow');
      },
      takeApduTimes: () => apduMs.splice(0),
      close: cleanup,
    };
    const delay = options.commandDelay;
    if (delay)
      for (const [i, r] of running.entries())
        await cards.slow(r.provisioned.spec.label, delay.ms, { jitterMs: delay.jitterMs, seed: delay.seed + i });
    if (options.insertAll ?? true) for (const r of running) await cards.insert(r.provisioned.spec.label);
    return cards;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
