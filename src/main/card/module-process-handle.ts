// Main side of one module's child process (module-process/main.ts): requests with time-outs, and a
// watchdog that declares the module hung when the process stays silent (it reports at least every
// aliveIntervalMs). A hung native call cannot be interrupted, so the process is killed: the app
// never waits for it (not even to exit), and its cards are reported gone.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cardError, type CardError } from './common/card-error.ts';
import { MODULE_PROCESS_URL } from './module-process-location.ts';
import type {
  ToModuleProcess,
  ScannedCard,
  ScannedReader,
  SignRequest,
  SignResult,
  ModuleInit,
  FromModuleProcess,
} from './common/module-protocol.ts';

export interface ModuleProcessEvents {
  onScan(readers: readonly ScannedReader[], cards: readonly ScannedCard[]): void;
  /** the module failed to load, stopped working or hung; it is no longer watched */
  onFailed(reason: string, kind: FailureKind): void;
}

/** 'hung' and 'crashed' modules are worth retrying later; 'load' and 'broken' ones are not */
export type FailureKind = 'hung' | 'crashed' | 'load' | 'broken';

export const FIRST_SCAN_TIMEOUT_MS = 20_000;

interface Pending {
  resolve(value: SignResult): void;
  reject(error: CardError): void;
  timer: NodeJS.Timeout;
}

export class ModuleProcess {
  readonly module: string;
  readonly #child: ChildProcess;
  readonly #events: ModuleProcessEvents;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  readonly #watchdog: NodeJS.Timeout;
  #nextId = 1;
  #lastHeard = Date.now();
  #failed = false;
  #scanned = false;
  #stopped: (() => void) | undefined;
  description = '';
  readonly firstScan: Promise<void>;

  constructor(init: ModuleInit, timeoutMs: number, events: ModuleProcessEvents) {
    this.module = init.module;
    this.#events = events;
    this.#timeoutMs = timeoutMs;
    this.#child = fork(fileURLToPath(MODULE_PROCESS_URL), [JSON.stringify(init)], {
      serialization: 'advanced', // Uint8Array and ArrayBuffer cross as bytes
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [], // not the test runner's or the debugger's flags
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, // Electron's binary runs it as plain Node
    });
    let firstScanDone: () => void = () => {};
    this.firstScan = new Promise((resolve) => {
      firstScanDone = resolve;
    });
    this.#child.on('message', (message: FromModuleProcess) => {
      this.#lastHeard = Date.now();
      this.#onMessage(message, firstScanDone);
    });
    this.#child.on('error', (error) => {
      this.#fail(`module process error: ${error.message}`, 'crashed');
      firstScanDone();
    });
    this.#child.on('exit', (code, signal) => {
      this.#stopped?.();
      this.#fail(`module process exited (${signal ?? `code ${code}`})`, 'crashed');
      firstScanDone();
    });
    // Until its first scan a module gets FIRST_SCAN_TIMEOUT_MS: `cards` and `doctor` wait for that
    // scan, and must be done within 35 s even when a module hangs at once (start-up included).
    this.#watchdog = setInterval(
      () => {
        const limit = this.#scanned ? this.#timeoutMs : Math.min(this.#timeoutMs, FIRST_SCAN_TIMEOUT_MS);
        if (Date.now() - this.#lastHeard > limit) {
          this.#fail(`module did not answer within ${limit} ms (hung)`, 'hung');
          firstScanDone();
        }
      },
      Math.min(500, timeoutMs),
    );
    this.#watchdog.unref();
  }

  #onMessage(message: FromModuleProcess, firstScanDone: () => void): void {
    switch (message.type) {
      case 'loaded':
        this.description = message.description;
        return;
      case 'load-failed':
        this.#fail(message.reason, message.reason.startsWith('module stopped working') ? 'broken' : 'load');
        firstScanDone();
        return;
      case 'scan':
        this.#scanned = true;
        if (!this.#failed) this.#events.onScan(message.readers, message.cards);
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

  /** Transfers `request.pin` to the module process: it is detached (unreadable) here afterwards. */
  sign(request: SignRequest): Promise<SignResult> {
    if (this.#failed) return Promise.reject(cardError('card-module-failed', { detail: { module: this.module } }));
    const id = this.#nextId++;
    return new Promise<SignResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(cardError('card-module-timeout', { detail: { module: this.module, timeoutMs: this.#timeoutMs } }));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      const message: ToModuleProcess = { type: 'sign', id, request };
      // over the IPC pipe (never a file or log); the caller zeroes its copy once this returns
      this.#child.send(message, undefined, {}, () => {
        /* a dead process fails the request by its exit */
      });
    });
  }

  #fail(reason: string, kind: FailureKind): void {
    if (this.#failed) return;
    this.#failed = true;
    clearInterval(this.#watchdog);
    const code = kind === 'hung' ? 'card-module-timeout' : 'card-module-failed';
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(cardError(code, { detail: { module: this.module } }));
      this.#pending.delete(id);
    }
    this.#kill(); // a hung process never comes back by itself; a failed one has nothing left to do
    this.#events.onFailed(reason, kind);
  }

  #kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    this.#child.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#watchdog);
    if (this.#failed) {
      this.#kill();
      return;
    }
    this.#failed = true; // no events after stop
    const stopped = new Promise<void>((resolve) => {
      this.#stopped = resolve;
    });
    this.#child.send({ type: 'stop' } satisfies ToModuleProcess, undefined, {}, () => {});
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
