// Main side of one module's child process (module-process/main.ts): requests with time-outs, and two
// watchdogs. (1) Every call into the module is announced by the process before it is made
// (module-process/announce-calls.ts) and timed here: one that should return at once but is still
// running after `quickCallMs` (~3 s), or C_Login/C_Sign after `operationMs`, means the module is
// hung — OpenSC 0.23 deadlocks that way after a card left mid-read. (2) A process silent for
// `operationMs` (it reports at least every aliveIntervalMs) is hung too. A hung native call cannot be
// interrupted, so the process is killed: the app never waits for it (not even to exit).
import { fileURLToPath } from 'node:url';
import { cardError, type CardError } from './common/card-error.ts';
import { MODULE_PROCESS_URL } from './module-process-location.ts';
import { forkModuleProcess, type ModuleChild, type ModuleLauncher } from './module-launcher.ts';
import type {
  ToModuleProcess,
  ScannedCard,
  ScannedReader,
  SignRequest,
  SignResult,
  ModuleInit,
  FromModuleProcess,
  CallBudget,
} from './common/module-protocol.ts';

export interface ModuleProcessEvents {
  onLoaded?(onDemand: boolean): void;
  /** `seq`: the last PC/SC change count the process had been told when it read its slots */
  onScan(readers: readonly ScannedReader[], cards: readonly ScannedCard[], seq: number): void;
  /** the module failed to load, stopped working or hung; it is no longer watched */
  onFailed(reason: string, kind: FailureKind, hungCall?: { readonly name: string; readonly budget: CallBudget }): void;
}

/** 'hung' and 'crashed' modules are worth retrying; 'load' and 'broken' ones are not */
export type FailureKind = 'hung' | 'crashed' | 'load' | 'broken';

export const FIRST_SCAN_TIMEOUT_MS = 20_000;

export interface ModuleTimeouts {
  /** silence, and C_Login/C_Sign (a person at a PIN pad, a slow card's signature) */
  readonly operationMs: number;
  /** any other call into the module: it answers at once or from the card in well under a second */
  readonly quickCallMs: number;
}

/** C_Initialize: OpenSC reads every card already in a reader (≈ 1.2 s each at a real card's speed) */
export const INIT_CALL_TIMEOUT_MS = 10_000;

interface Pending {
  resolve(value: SignResult): void;
  reject(error: CardError): void;
  timer: NodeJS.Timeout;
  /** the module process got as far as C_Login for it: the PIN may have been checked (and counted) */
  pinSent: boolean;
}

interface Call {
  readonly name: string;
  readonly budget: CallBudget;
}

export class ModuleProcess {
  readonly module: string;
  readonly #child: ModuleChild;
  readonly #events: ModuleProcessEvents;
  readonly #timeouts: ModuleTimeouts;
  readonly #pending = new Map<number, Pending>();
  readonly #watchdog: NodeJS.Timeout;
  #call: Call | undefined;
  #callTimer: NodeJS.Timeout | undefined;
  #nextId = 1;
  #lastHeard = Date.now();
  #failed = false;
  #scanned = false;
  #stopped: (() => void) | undefined;
  description = '';
  readonly firstScan: Promise<void>;

  constructor(
    init: ModuleInit,
    timeouts: ModuleTimeouts,
    events: ModuleProcessEvents,
    launch: ModuleLauncher = forkModuleProcess,
  ) {
    this.module = init.module;
    this.#events = events;
    this.#timeouts = timeouts;
    this.#child = launch(fileURLToPath(MODULE_PROCESS_URL), [JSON.stringify(init)]);
    let firstScanDone: () => void = () => {};
    this.firstScan = new Promise((resolve) => {
      firstScanDone = resolve;
    });
    this.#child.onMessage((message) => {
      this.#lastHeard = Date.now();
      this.#onMessage(message as FromModuleProcess, firstScanDone);
    });
    this.#child.onExit((reason) => {
      this.#stopped?.();
      this.#fail(reason, 'crashed');
      firstScanDone();
    });
    // Until its first scan a module gets FIRST_SCAN_TIMEOUT_MS: `cards` and `doctor` wait for that
    // scan, and must be done within 35 s even when a module hangs at once (start-up included).
    this.#watchdog = setInterval(
      () => {
        const limit = this.#scanned ? timeouts.operationMs : Math.min(timeouts.operationMs, FIRST_SCAN_TIMEOUT_MS);
        if (Date.now() - this.#lastHeard > limit) {
          this.#fail(`module did not answer within ${limit} ms (hung)`, 'hung');
          firstScanDone();
        }
      },
      Math.min(1_000, timeouts.operationMs),
    );
    this.#watchdog.unref();
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** the call the process is inside now, if it announced one */
  get currentCall(): Call | undefined {
    return this.#call;
  }

  #onMessage(message: FromModuleProcess, firstScanDone: () => void): void {
    if (message.type === 'call') {
      if (message.name === 'C_Login') {
        // the process handles one request at a time, oldest first
        const current = this.#pending.values().next().value;
        if (current) current.pinSent = true;
      }
      this.#startCall({ name: message.name, budget: message.budget });
      return;
    }
    this.#endCall(); // any other message: the process is back in its own code
    switch (message.type) {
      case 'loaded':
        this.description = message.description;
        this.#events.onLoaded?.(message.onDemand);
        return;
      case 'load-failed':
        this.#fail(message.reason, message.reason.startsWith('module stopped working') ? 'broken' : 'load');
        firstScanDone();
        return;
      case 'scan':
        this.#scanned = true;
        if (!this.#failed) this.#events.onScan(message.readers, message.cards, message.seq);
        firstScanDone();
        return;
      case 'alive':
        return;
      case 'stopped':
        this.#stopped?.();
        return;
      case 'result': {
        const pending = this.#pending.get(message.id);
        if (!pending) return; // timed out already
        this.#pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.value);
        else
          pending.reject(
            cardError(
              message.error.code as CardError['code'],
              message.error.detail ? { detail: message.error.detail } : {},
            ),
          );
      }
    }
  }

  #budgetMs(budget: CallBudget): number {
    if (budget === 'long') return this.#timeouts.operationMs;
    if (budget === 'init') return Math.max(INIT_CALL_TIMEOUT_MS, this.#timeouts.quickCallMs);
    return this.#timeouts.quickCallMs;
  }

  #startCall(call: Call): void {
    this.#call = call;
    this.#armCall(this.#budgetMs(call.budget));
  }

  #armCall(ms: number): void {
    if (this.#callTimer) clearTimeout(this.#callTimer);
    this.#callTimer = setTimeout(() => {
      const call = this.#call;
      if (!call) return;
      this.#fail(`module call ${call.name} did not return within ${ms} ms (hung)`, 'hung', call);
    }, ms);
    this.#callTimer.unref();
  }

  #endCall(): void {
    this.#call = undefined;
    if (this.#callTimer) clearTimeout(this.#callTimer);
    this.#callTimer = undefined;
  }

  /**
   * PC/SC says a card in one of this module's readers left: a C_Login or C_Sign in progress no longer
   * waits for a person or an RSA — on a card that is gone it returns at once — so from now on it
   * gets the quick budget. (Shortening the quick calls after a pull as well was tried: it killed
   * OpenSC while it read a card put in right after, more often than it caught a deadlock sooner.)
   */
  cardPulled(): void {
    if (this.#call?.budget === 'long') this.#armCall(this.#timeouts.quickCallMs);
  }

  /** Asks for a scan (module read on demand); `seq` = PC/SC changes seen by the service so far. */
  rescan(seq: number): void {
    if (!this.#failed) this.#child.send({ type: 'rescan', seq } satisfies ToModuleProcess);
  }

  /** A reader that PC/SC does not know: the module watches its own slots after all. */
  watchSelf(): void {
    if (!this.#failed) this.#child.send({ type: 'watch-self' } satisfies ToModuleProcess);
  }

  /** Transfers `request.pin` to the module process: it is detached (unreadable) here afterwards. */
  sign(request: SignRequest, seq: number): Promise<SignResult> {
    if (this.#failed) return Promise.reject(cardError('card-module-failed', { detail: { module: this.module } }));
    const id = this.#nextId++;
    return new Promise<SignResult>((resolve, reject) => {
      // the per-call watchdog decides about a hung module; this only bounds the whole operation
      const limit = 2 * this.#timeouts.operationMs;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(cardError('card-module-timeout', { detail: { module: this.module, timeoutMs: limit } }));
      }, limit);
      this.#pending.set(id, { resolve, reject, timer, pinSent: false });
      // over the IPC channel (never a file or log); the caller zeroes its copy once this returns
      this.#child.send({ type: 'sign', id, seq, request } satisfies ToModuleProcess);
    });
  }

  #fail(reason: string, kind: FailureKind, hungCall?: Call): void {
    if (this.#failed) return;
    this.#failed = true;
    clearInterval(this.#watchdog);
    this.#endCall();
    const code = kind === 'hung' ? 'card-module-timeout' : 'card-module-failed';
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      // pinSent false: it failed before the PIN reached the card, so asking again is safe
      pending.reject(cardError(code, { detail: { module: this.module, reason, pinSent: pending.pinSent } }));
      this.#pending.delete(id);
    }
    this.#kill(); // a hung process never comes back by itself; a failed one has nothing left to do
    this.#events.onFailed(reason, kind, hungCall);
  }

  #kill(): void {
    this.#child.kill();
    this.#child.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#watchdog);
    this.#endCall();
    if (this.#failed) {
      this.#kill();
      return;
    }
    this.#failed = true; // no events after stop
    const stopped = new Promise<void>((resolve) => {
      this.#stopped = resolve;
    });
    this.#child.send({ type: 'stop' } satisfies ToModuleProcess);
    // C_Finalize should be quick; a module that hangs in it is killed rather than awaited
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(cardError('card-service-stopped'));
    }
    this.#pending.clear();
    this.#kill();
  }
}
