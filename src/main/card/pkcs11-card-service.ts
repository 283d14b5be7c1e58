// The PKCS#11 card service: one process per module (module-process-handle.ts), snapshots rebuilt from
// their scans, events from snapshot diffs. No PKCS#11 call ever runs on this thread.
// Presence from PC/SC, content from PKCS#11 (issue 22): where PC/SC answers (pcsc/pcsc-watcher.ts),
// card reader modules are not watched by themselves; they read their slots when PC/SC reports a
// change, after an operation and every rescan interval, and a card is removed when PC/SC says so
// (pcsc-presence.ts). A module that hangs — OpenSC 0.23 deadlocks after a card left mid-read — is
// killed when one of its calls overstays (~3 s; module-process-handle.ts) and replaced at once; the
// cards PC/SC still sees stay listed meanwhile, so a session survives it. SoftHSM and modules
// without PC/SC readers keep watching themselves, and a failed one's cards count as pulled.
import { basename } from 'node:path';
import type {
  CardEvent,
  CardInfo,
  CardSnapshot,
  ModuleInfo,
  ReaderInfo,
  WebEidAuthToken,
} from '../../shared/card-types.ts';
import { EMPTY_CARD_SNAPSHOT } from '../../shared/card-types.ts';
import type { CardErrorCode } from '../../shared/errors/card-errors.ts';
import { isAppError } from '../../shared/errors/app-error.ts';
import type { CardService, LocalSignature, WebEidChallenge } from './card-service.ts';
import { cardError, type CardError } from './common/card-error.ts';
import { moduleCandidates } from './module-probe.ts';
import { ModuleProcess } from './module-process-handle.ts';
import type { ModuleLauncher } from './module-launcher.ts';
import { snapshotEvents } from './snapshot-diff.ts';
import { JOSE_RSA_PKCS1, type HashName } from './common/digest-info.ts';
import { webEidSignedData, webEidToken } from './web-eid-token.ts';
import { checkCardUsable } from './card-usable.ts';
import { PcscContent, pcscReaderName } from './pcsc-presence.ts';
import { startPcscWatcher, type PcscReader, type PcscWatcher } from './pcsc/pcsc-watcher.ts';
import type { ScannedCard, ScannedReader, SignResult } from './common/module-protocol.ts';

export const DEFAULT_POLL_INTERVAL_MS = 150;
export const DEFAULT_REINIT_INTERVAL_MS = 1_000;
/** modules not watching by polling: a full rescan this often anyway (PIN flags changed elsewhere, a missed event) */
export const DEFAULT_RESCAN_INTERVAL_MS = 5_000;
/** C_Login / C_Sign (a person at a PIN pad, a slow card), and a module process's silence */
export const DEFAULT_OPERATION_TIMEOUT_MS = 30_000;
/** any other module call: it answers at once, or from a real card (≈ 40 ms a command) in ~1–2 s at most */
export const DEFAULT_QUICK_CALL_TIMEOUT_MS = 3_000;
/** first retry of a module that hung or crashed again soon after a restart (doubles, max 5 min) */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** a failed operation whose card PC/SC then reports gone within this time was ended by the pull */
export const PULL_CONFIRM_MS = 1_000;

export interface Pkcs11CardServiceOptions {
  /** configured module paths (machine-wide configuration), reported as 'missing' when absent */
  modules?: string[];
  /** also load modules found at the known per-OS locations (default true) */
  probeDefaults?: boolean;
  /** set in the process environment before any module loads (e.g. SOFTHSM2_CONF) */
  env?: Record<string, string>;
  pollIntervalMs?: number;
  reinitIntervalMs?: number;
  rescanIntervalMs?: number;
  operationTimeoutMs?: number;
  quickCallTimeoutMs?: number;
  /** a module that hung or crashed is replaced at once; if it fails again, after this (doubling, max 5 min) */
  retryAfterMs?: number;
  /** 'auto' (default): slot events where the module has them, see slot-watcher.ts */
  slotEvents?: 'auto' | 'events' | 'polling';
  /** 'auto' (default): card presence from PC/SC where it answers; 'off': the modules watch themselves */
  pcsc?: 'auto' | 'off';
  /** how module processes are started (the Electron shell passes utilityProcess; default child_process.fork) */
  launchModule?: ModuleLauncher;
  appVersion?: string;
  log?: (line: string) => void;
}

interface CardEntry {
  readonly info: CardInfo;
  readonly scanned: ScannedCard;
  readonly state: ModuleState;
}
interface ModuleState {
  info: ModuleInfo;
  child?: ModuleProcess;
  /** the module reads its slots only when asked (its readers are PC/SC's) */
  onDemand: boolean;
  readers: ReaderInfo[];
  /** cards of readers PC/SC does not know, as the module last reported them */
  ownCards: CardEntry[];
  /** cards of PC/SC readers, kept while PC/SC sees them */
  readonly content: PcscContent<CardEntry>;
  /** hangs or crashes since the last good scan */
  retries: number;
  retryTimer?: NodeJS.Timeout;
  quickCallMs: number;
  lastPullAt: number;
  rescan: { busy: boolean; again: boolean; timer?: NodeJS.Timeout };
  unreadTries: Map<string, { insertion: number; tries: number }>;
  /** waiting for a restarted process */
  relaunched: Set<() => void>;
}

const MAX_RETRY_MS = 5 * 60_000;
/** a card PC/SC sees but the module could not read (half inserted, busy): read again after this, doubling */
const UNREAD_RETRY_MS = 200;
const UNREAD_MAX_TRIES = 6;
/** after this many hangs in a row the module is reported failed (diagnostics), though still retried */
const SILENT_RESTARTS = 3;
/** failures that a pull mid-operation produces: with PC/SC confirming the pull, they are card-removed */
const PULL_SUSPECTS = new Set<CardErrorCode>([
  'card-removed',
  'card-not-present',
  'card-device-error',
  'card-unknown',
  'card-busy',
  'card-module-timeout',
  'card-module-failed',
]);

/** a sign that failed with its module, before C_Login: the PIN never reached the card */
function retriesOnReplacement(error: unknown): boolean {
  return (
    isAppError(error) &&
    (error.code === 'card-module-timeout' || error.code === 'card-module-failed') &&
    error.detail?.['pinSent'] === false
  );
}

export function createPkcs11CardService(options: Pkcs11CardServiceOptions = {}): CardService {
  const log = options.log ?? (() => {});
  const listeners = new Set<(snapshot: CardSnapshot, event: CardEvent) => void>();
  const modules = new Map<string, ModuleState>();
  const inflight = new Map<string, Set<(error: CardError) => void>>(); // cardId → rejecters
  const operationMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  const quickCallMs = options.quickCallTimeoutMs ?? DEFAULT_QUICK_CALL_TIMEOUT_MS;
  const rescanIntervalMs = options.rescanIntervalMs ?? DEFAULT_RESCAN_INTERVAL_MS;
  let snapshot: CardSnapshot = EMPTY_CARD_SNAPSHOT;
  let running = false;
  let pcsc: PcscWatcher | undefined;
  let pcscSeq = 0;
  const pcscReaders = (): ReadonlyMap<string, PcscReader> => pcsc?.readers() ?? new Map();

  function rebuild(): void {
    const states = [...modules.values()];
    const readers = pcscReaders();
    const next: CardSnapshot = {
      modules: states.map((m) => m.info),
      readers: states.flatMap((m) =>
        m.readers.map((r) => {
          const name = pcscReaderName(r.label, readers);
          const present = name === undefined ? undefined : readers.get(name)?.present;
          return present === undefined ? r : { ...r, hasCard: present };
        }),
      ),
      cards: states.flatMap((m) => [...m.ownCards, ...m.content.present(readers)].map((c) => c.info)),
    };
    const events = snapshotEvents(snapshot, next);
    snapshot = next;
    for (const event of events) {
      if (event.type === 'card-removed')
        for (const reject of inflight.get(event.cardId) ?? []) reject(cardError('card-removed'));
      for (const listener of listeners) listener(next, event);
    }
  }

  /** a reader's id: the module's file name and the slot (a card's `readerId` is the same) */
  function readerIdOf(state: ModuleState, slotId: string): string {
    return `${basename(state.info.path)}:slot-${slotId}`;
  }

  function entryOf(state: ModuleState, c: ScannedCard): CardEntry {
    const name = basename(state.info.path);
    return {
      state,
      scanned: c,
      info: {
        id: `${name}:${c.tokenSerial}`,
        readerId: readerIdOf(state, c.slotId),
        tokenLabel: c.tokenLabel,
        ...c.info,
        pin: c.pin,
      },
    };
  }

  function onScan(state: ModuleState, readers: readonly ScannedReader[], cards: readonly ScannedCard[], seq: number) {
    const pcscNow = pcscReaders();
    state.readers = readers.map((r) => ({
      id: readerIdOf(state, r.slotId),
      label: r.label,
      module: state.info.path,
      hasCard: r.hasCard,
      pinPad: r.pinPad,
    }));
    const ownSlots = new Set(
      readers.filter((r) => pcscReaderName(r.label, pcscNow) === undefined).map((r) => r.slotId),
    );
    state.ownCards = cards.filter((c) => ownSlots.has(c.slotId)).map((c) => entryOf(state, c));
    const unread = state.content.applyScan(readers, cards, seq, pcscNow, (c) => entryOf(state, c));
    if (state.onDemand && ownSlots.size > 0) {
      // a reader PC/SC does not know (a module's own reader, another naming): it must watch itself
      log(`card: module ${state.info.path} has slots PC/SC does not show; the module watches them itself`);
      state.onDemand = false;
      state.child?.watchSelf();
    }
    for (const reader of unread) retryUnread(state, reader);
    rebuild();
  }

  function retryUnread(state: ModuleState, reader: string): void {
    const insertion = pcscReaders().get(reader)?.insertion ?? 0;
    const tries = state.unreadTries.get(reader);
    const count = tries?.insertion === insertion ? tries.tries + 1 : 1;
    state.unreadTries.set(reader, { insertion, tries: count });
    if (count > UNREAD_MAX_TRIES) return; // not a card this module reads (or not one at all)
    setTimeout(() => requestRescan(state), UNREAD_RETRY_MS * 2 ** (count - 1)).unref();
  }

  function requestRescan(state: ModuleState): void {
    if (!running || !state.child) return;
    if (state.rescan.busy) {
      state.rescan.again = true;
      return;
    }
    state.rescan.busy = true;
    state.child.rescan(pcscSeq);
  }

  function onPcscChange(changed: readonly string[]): void {
    pcscSeq++;
    const readers = pcscReaders();
    for (const state of modules.values()) {
      const mine = state.readers.some((r) => {
        const name = pcscReaderName(r.label, readers);
        return name !== undefined && changed.includes(name);
      });
      for (const name of changed) state.content.pcscChanged(name, pcscSeq, readers.get(name));
      const pulled = changed.some((name) => !readers.get(name)?.present);
      if (mine && pulled) {
        state.lastPullAt = Date.now();
        state.child?.cardPulled(); // an operation on the pulled card must now end at once
      }
      // a new reader, or a change in one of ours: read the slots again
      if (state.onDemand && (mine || changed.some((name) => !state.readers.some((r) => r.label === name))))
        requestRescan(state);
    }
    rebuild();
  }

  function startModule(path: string, exists: boolean): ModuleState {
    const state: ModuleState = {
      info: { path, status: exists ? 'loaded' : 'missing', ...(exists ? {} : { reason: 'file not found' }) },
      onDemand: false,
      readers: [],
      ownCards: [],
      content: new PcscContent<CardEntry>(),
      retries: 0,
      quickCallMs,
      lastPullAt: 0,
      rescan: { busy: false, again: false },
      unreadTries: new Map(),
      relaunched: new Set(),
    };
    modules.set(path, state);
    if (!exists) {
      log(`card: module ${path} missing`);
      return state;
    }
    launch(state);
    return state;
  }

  function launch(state: ModuleState): void {
    const path = state.info.path;
    // 150 ms (modules that watch themselves, i.e. SoftHSM or no PC/SC): removal is seen inside the
    // 250 ms p95 target while idle stays under 1 % of a core — measured on SoftHSM (100 ms cost
    // 0.79–0.90 %, too close). Reader modules under PC/SC presence do not poll (bench/README.md).
    const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const child: ModuleProcess = new ModuleProcess(
      {
        module: path,
        pollIntervalMs,
        reinitIntervalMs: options.reinitIntervalMs ?? DEFAULT_REINIT_INTERVAL_MS,
        aliveIntervalMs: 1_000,
        rescanIntervalMs,
        slotEvents: options.slotEvents ?? 'auto',
        presence: pcsc ? 'pcsc' : 'own',
        seq: pcscSeq,
      },
      { operationMs, quickCallMs: state.quickCallMs },
      {
        onLoaded: (onDemand) => {
          if (state.child === child) state.onDemand = onDemand;
        },
        onScan: (readers, cards, seq) => {
          if (state.child !== child) return;
          if (state.info.status !== 'loaded') state.info = { path, status: 'loaded' };
          state.retries = 0;
          state.rescan.busy = false;
          onScan(state, readers, cards, seq);
          for (const resolve of state.relaunched) resolve();
          state.relaunched.clear();
          if (state.rescan.again) {
            state.rescan.again = false;
            requestRescan(state);
          }
        },
        onFailed: (reason, kind, hungCall) => onFailed(state, child, reason, kind, hungCall),
      },
      options.launchModule,
    );
    state.child = child;
    if (state.rescan.timer) clearInterval(state.rescan.timer);
    state.rescan = { busy: false, again: false };
    // modules read on demand are asked anyway now and then: PIN flags changed by another program
    // (an unblock with the PUK), a change PC/SC had no event for
    const timer = setInterval(() => {
      if (state.child === child && state.onDemand) requestRescan(state);
    }, rescanIntervalMs);
    timer.unref();
    state.rescan.timer = timer;
  }

  function onFailed(
    state: ModuleState,
    child: ModuleProcess,
    reason: string,
    kind: 'hung' | 'crashed' | 'load' | 'broken',
    hungCall: { name: string; budget: 'quick' | 'init' | 'long' } | undefined,
  ): void {
    if (state.child !== child) return;
    if (state.rescan.timer) clearInterval(state.rescan.timer);
    state.child = undefined;
    const path = state.info.path;
    const retry = running && (kind === 'hung' || kind === 'crashed');
    const delay =
      state.retries === 0
        ? 0
        : Math.min((options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS) * 2 ** (state.retries - 1), MAX_RETRY_MS);
    // A quick call that overstayed while no card had been pulled is a slow card rather than a
    // deadlock (those follow a pull): give this module's calls longer from now on (max 4×).
    if (hungCall?.budget === 'quick' && Date.now() - state.lastPullAt > state.quickCallMs + PULL_CONFIRM_MS)
      state.quickCallMs = Math.min(state.quickCallMs * 2, 4 * quickCallMs, operationMs);
    const keepsPresence = pcsc !== undefined && retry && state.onDemand;
    log(
      `card: module ${path} failed: ${reason}${retry ? `; ${delay === 0 ? 'replaced now' : `retrying in ${delay} ms`}` : ''}${keepsPresence ? ' (cards PC/SC still sees stay listed)' : ''}`,
    );
    state.retries++;
    if (keepsPresence) {
      // presence is PC/SC's: the cards still in their readers stay; nothing for the clinician to
      // see unless the module keeps failing (then diagnostics say so)
      if (state.retries > SILENT_RESTARTS) state.info = { path, status: 'failed', reason };
    } else {
      state.info = { path, status: 'failed', reason };
      state.readers = [];
      state.ownCards = []; // a hung or broken module's cards count as pulled: sessions must end
      state.content.clear();
    }
    rebuild();
    if (!retry) {
      for (const resolve of state.relaunched) resolve();
      state.relaunched.clear();
      return;
    }
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      if (running) launch(state);
    }, delay);
    state.retryTimer.unref(); // never what keeps the process alive
  }

  /** the module's process, waiting for a replacement that is starting (bounded by its first scan) */
  async function childOf(state: ModuleState): Promise<ModuleProcess> {
    if (state.child) return state.child;
    if (running && state.retryTimer !== undefined)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 20_000);
        timer.unref();
        function done(): void {
          clearTimeout(timer);
          state.relaunched.delete(done);
          resolve();
        }
        state.relaunched.add(done);
      });
    if (!running) throw cardError('card-service-stopped');
    if (state.child) return state.child;
    throw cardError('card-module-failed', { detail: { module: state.info.path } });
  }

  /** true once PC/SC reports the card's reader empty or another insertion, within `ms` */
  function pcscSeesPull(entry: CardEntry, ms: number): Promise<boolean> {
    const from = entry.state.content.find((c) => c.info.id === entry.info.id);
    if (!from || !pcsc) return Promise.resolve(false);
    const watcher = pcsc;
    const pulled = (): boolean => {
      const reader = watcher.readers().get(from.name);
      return !reader?.present || reader.insertion !== from.insertion;
    };
    if (pulled()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(pulled());
      }, ms);
      const off = watcher.onChange(() => {
        if (!pulled()) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  async function sign(
    cardId: string,
    pin: Buffer,
    data: Uint8Array,
    hash: HashName,
  ): Promise<{ signature: Uint8Array; certificateDer: Uint8Array }> {
    const pinBytes = new Uint8Array(pin); // own copy, transferred to the child
    pin.fill(0);
    try {
      if (!running) throw cardError('card-service-stopped');
      const entry = [...modules.values()]
        .flatMap((m) => [...m.ownCards, ...m.content.present(pcscReaders())])
        .find((c) => c.info.id === cardId);
      if (!entry) throw cardError('card-not-present');
      const { authCkaId, authCertificateDer } = checkCardUsable(entry.info, entry.scanned);
      const rejecters = inflight.get(cardId) ?? new Set();
      inflight.set(cardId, rejecters);
      let onRemoved: (error: CardError) => void = () => {};
      const removed = new Promise<never>((_, reject) => {
        onRemoved = reject;
      });
      rejecters.add(onRemoved);
      const attempt = async (): Promise<SignResult> => {
        const child = await Promise.race([childOf(entry.state), removed]);
        return Promise.race([
          child.sign(
            { tokenSerial: entry.scanned.tokenSerial, ckaId: authCkaId, pin: pinBytes.buffer, data, hash },
            pcscSeq,
          ),
          removed,
        ]);
      };
      try {
        let result: SignResult;
        try {
          result = await attempt();
        } catch (error) {
          // The module hung or died before the PIN reached the card (a deadlock left by an earlier
          // pull surfaces in the next operation's first look at the token), and it has been
          // replaced: once more on the new process — no PIN try can be lost that way.
          if (!retriesOnReplacement(error) || !entry.state.content.find((c) => c.info.id === cardId)) throw error;
          log(`card: ${(error as CardError).code} before the PIN was sent; signing again on the replaced module`);
          result = await attempt();
        }
        return { signature: result.signature, certificateDer: authCertificateDer };
      } catch (error) {
        // A pull mid-operation surfaces as whatever the middleware made of it (CKR_DEVICE_ERROR from
        // OpenSC's C_Login, a hang): when PC/SC confirms the pull, it was the pull.
        if (isAppError(error) && PULL_SUSPECTS.has(error.code as CardErrorCode) && error.code !== 'card-removed')
          if (await pcscSeesPull(entry, PULL_CONFIRM_MS)) throw cardError('card-removed', { cause: error });
        throw error;
      } finally {
        rejecters.delete(onRemoved);
        if (rejecters.size === 0) inflight.delete(cardId);
      }
    } finally {
      // wipes our copy when we failed before sending it; once transferred it is detached here
      if (!pinBytes.buffer.detached) pinBytes.fill(0);
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      // native getenv reads the process environment
      for (const [key, value] of Object.entries(options.env ?? {})) process.env[key] = value;
      if ((options.pcsc ?? 'auto') === 'auto') {
        const watcher = startPcscWatcher(log);
        if (typeof watcher === 'string') log(`card: ${watcher}; the modules watch their readers themselves`);
        else {
          pcsc = watcher;
          await watcher.ready;
          watcher.onChange(onPcscChange);
        }
      }
      const candidates = moduleCandidates(options.modules ?? [], options.probeDefaults ?? true);
      const states = candidates.map((c) => startModule(c.path, c.exists));
      await Promise.all(states.map((s) => s.child?.firstScan));
      rebuild();
    },
    async stop() {
      running = false;
      for (const m of modules.values()) {
        if (m.retryTimer) clearTimeout(m.retryTimer);
        if (m.rescan.timer) clearInterval(m.rescan.timer);
        for (const resolve of m.relaunched) resolve(); // a sign waiting for a replacement fails as stopped
        m.relaunched.clear();
      }
      await Promise.all([...modules.values()].map((m) => m.child?.stop()));
      await pcsc?.stop();
      pcsc = undefined;
      modules.clear();
      rebuild();
    },
    snapshot: () => snapshot,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async createWebEidAuthToken(cardId: string, pin: Buffer, challenge: WebEidChallenge): Promise<WebEidAuthToken> {
      const hash: HashName = 'SHA-256';
      const { signature, certificateDer } = await sign(cardId, pin, webEidSignedData(hash, challenge), hash);
      return webEidToken(
        certificateDer,
        signature,
        JOSE_RSA_PKCS1[hash],
        options.appVersion ?? 'helseid-desktop/0.1.0',
      );
    },
    async signLocalChallenge(cardId: string, pin: Buffer, data: Uint8Array): Promise<LocalSignature> {
      const { signature, certificateDer } = await sign(cardId, pin, data, 'SHA-256');
      return { signature, certificateDer, algorithm: JOSE_RSA_PKCS1['SHA-256'] };
    },
  };
}
