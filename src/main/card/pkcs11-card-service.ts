// The PKCS#11 card service: one process per module (module-process-handle.ts), snapshots rebuilt from
// their scans, events from snapshot diffs. No PKCS#11 call ever runs on this thread. A module
// that hung or crashed is killed, its cards count as pulled, and it is started afresh later
// (retryAfterMs, doubling up to 5 minutes) instead of staying failed until the app restarts.
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
import type { CardService, LocalSignature, WebEidChallenge } from './card-service.ts';
import { cardError, type CardError } from './common/card-error.ts';
import { moduleCandidates } from './module-probe.ts';
import { ModuleProcess } from './module-process-handle.ts';
import { snapshotEvents } from './snapshot-diff.ts';
import { JOSE_RSA_PKCS1, type HashName } from './common/digest-info.ts';
import { webEidSignedData, webEidToken } from './web-eid-token.ts';
import { checkCardUsable } from './card-usable.ts';
import type { ScannedCard, ScannedReader } from './common/module-protocol.ts';

export const DEFAULT_POLL_INTERVAL_MS = 150;
export const DEFAULT_REINIT_INTERVAL_MS = 1_000;
/** event-driven modules: a full rescan this often anyway, in case an event was missed */
export const DEFAULT_RESCAN_INTERVAL_MS = 5_000;

export interface Pkcs11CardServiceOptions {
  /** configured module paths (machine-wide configuration), reported as 'missing' when absent */
  modules?: string[];
  /** also load modules found at the known per-OS locations (default true) */
  probeDefaults?: boolean;
  /** set in the process environment before any module loads (e.g. SOFTHSM2_CONF) */
  env?: Record<string, string>;
  pollIntervalMs?: number;
  reinitIntervalMs?: number;
  operationTimeoutMs?: number;
  /** first retry of a hung or crashed module (default 10 s; doubles on each failure, max 5 min) */
  retryAfterMs?: number;
  /** 'auto' (default): slot events where the module has them, see slot-watcher.ts */
  slotEvents?: 'auto' | 'events' | 'polling';
  appVersion?: string;
  log?: (line: string) => void;
}

interface CardEntry {
  info: CardInfo;
  scanned: ScannedCard;
  child: ModuleProcess;
}
interface ModuleState {
  info: ModuleInfo;
  child?: ModuleProcess;
  readers: ReaderInfo[];
  cards: CardEntry[];
  retries: number;
  retryTimer?: NodeJS.Timeout;
}

const MAX_RETRY_MS = 5 * 60_000;

export function createPkcs11CardService(options: Pkcs11CardServiceOptions = {}): CardService {
  const log = options.log ?? (() => {});
  const listeners = new Set<(snapshot: CardSnapshot, event: CardEvent) => void>();
  const modules = new Map<string, ModuleState>();
  const inflight = new Map<string, Set<(error: CardError) => void>>(); // cardId → rejecters
  let snapshot: CardSnapshot = EMPTY_CARD_SNAPSHOT;
  let running = false;

  function rebuild(): void {
    const states = [...modules.values()];
    const next: CardSnapshot = {
      modules: states.map((m) => m.info),
      readers: states.flatMap((m) => m.readers),
      cards: states.flatMap((m) => m.cards.map((c) => c.info)),
    };
    const events = snapshotEvents(snapshot, next);
    snapshot = next;
    for (const event of events) {
      if (event.type === 'card-removed')
        for (const reject of inflight.get(event.cardId) ?? []) reject(cardError('card-removed'));
      for (const listener of listeners) listener(next, event);
    }
  }

  function onScan(
    state: ModuleState,
    child: ModuleProcess,
    readers: readonly ScannedReader[],
    cards: readonly ScannedCard[],
  ): void {
    const name = basename(state.info.path);
    const readerId = (slotId: string): string => `${name}:slot-${slotId}`;
    state.readers = readers.map((r) => ({
      id: readerId(r.slotId),
      label: r.label,
      module: state.info.path,
      hasCard: r.hasCard,
      pinPad: r.pinPad,
    }));
    state.cards = cards.map((c) => ({
      child,
      scanned: c,
      info: {
        id: `${name}:${c.tokenSerial}`,
        readerId: readerId(c.slotId),
        tokenLabel: c.tokenLabel,
        ...c.info,
        pin: c.pin,
      },
    }));
    rebuild();
  }

  function startModule(path: string, exists: boolean): ModuleState {
    const state: ModuleState = {
      info: { path, status: exists ? 'loaded' : 'missing', ...(exists ? {} : { reason: 'file not found' }) },
      readers: [],
      cards: [],
      retries: 0,
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
    // 150 ms: removal is seen well inside the 250 ms p95 target while idle polling stays clearly
    // under 1 % of a core (bench/card-removal.ts measured 100 ms at 0.79–0.90 %, too close).
    const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const child: ModuleProcess = new ModuleProcess(
      {
        module: path,
        pollIntervalMs,
        reinitIntervalMs: options.reinitIntervalMs ?? DEFAULT_REINIT_INTERVAL_MS,
        aliveIntervalMs: 1_000,
        rescanIntervalMs: DEFAULT_RESCAN_INTERVAL_MS,
        slotEvents: options.slotEvents ?? 'auto',
      },
      options.operationTimeoutMs ?? 30_000,
      {
        onScan: (readers, cards) => {
          if (state.child !== child) return;
          if (state.info.status !== 'loaded') state.info = { path, status: 'loaded' };
          state.retries = 0;
          onScan(state, child, readers, cards);
        },
        onFailed: (reason, kind) => {
          if (state.child !== child) return;
          const retry = running && (kind === 'hung' || kind === 'crashed');
          const delay = Math.min((options.retryAfterMs ?? 10_000) * 2 ** state.retries, MAX_RETRY_MS);
          log(`card: module ${path} failed: ${reason}${retry ? `; retrying in ${delay} ms` : ''}`);
          state.info = { path, status: 'failed', reason };
          state.readers = [];
          state.cards = []; // a hung or broken module's cards count as pulled: sessions must end
          rebuild();
          if (!retry) return;
          state.retries++;
          state.retryTimer = setTimeout(() => {
            state.retryTimer = undefined;
            if (running) launch(state);
          }, delay);
          state.retryTimer.unref(); // never what keeps the process alive
        },
      },
    );
    state.child = child;
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
      const entry = [...modules.values()].flatMap((m) => m.cards).find((c) => c.info.id === cardId);
      if (!entry) throw cardError('card-not-present');
      const { authCkaId, authCertificateDer } = checkCardUsable(entry.info, entry.scanned);
      const rejecters = inflight.get(cardId) ?? new Set();
      inflight.set(cardId, rejecters);
      let onRemoved: (error: CardError) => void = () => {};
      const removed = new Promise<never>((_, reject) => {
        onRemoved = reject;
      });
      rejecters.add(onRemoved);
      try {
        const result = await Promise.race([
          entry.child.sign({
            tokenSerial: entry.scanned.tokenSerial,
            ckaId: authCkaId,
            pin: pinBytes.buffer,
            data,
            hash,
          }),
          removed,
        ]);
        return { signature: result.signature, certificateDer: authCertificateDer };
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
      const candidates = moduleCandidates(options.modules ?? [], options.probeDefaults ?? true);
      const states = candidates.map((c) => startModule(c.path, c.exists));
      await Promise.all(states.map((s) => s.child?.firstScan));
      rebuild();
    },
    async stop() {
      running = false;
      for (const m of modules.values()) if (m.retryTimer) clearTimeout(m.retryTimer);
      await Promise.all([...modules.values()].map((m) => m.child?.stop()));
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
