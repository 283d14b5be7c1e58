// Main-thread side of one module's worker: requests with time-outs, and a watchdog that declares
// the module hung when the worker stays silent (it reports at least every aliveIntervalMs).
// A hung native call cannot be interrupted; the worker is abandoned and its cards reported gone.
import { Worker } from 'node:worker_threads';
import { cardError, type CardError } from './card-error.ts';
import { PKCS11_WORKER_URL } from './worker-location.ts';
import type { MainToWorker, ScannedCard, ScannedReader, SignRequest, SignResult, WorkerInit, WorkerToMain } from './worker-protocol.ts';

export interface ModuleWorkerEvents {
  onScan(readers: readonly ScannedReader[], cards: readonly ScannedCard[]): void;
  /** the module failed to load, stopped working or hung; it is no longer watched */
  onFailed(reason: string): void;
}

interface Pending { resolve(value: SignResult): void; reject(error: CardError): void; timer: NodeJS.Timeout }

export class ModuleWorker {
  readonly module: string;
  readonly #worker: Worker;
  readonly #events: ModuleWorkerEvents;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  readonly #watchdog: NodeJS.Timeout;
  #nextId = 1;
  #lastHeard = Date.now();
  #failed = false;
  #stopped: (() => void) | undefined;
  description = '';
  readonly firstScan: Promise<void>;

  constructor(init: WorkerInit, timeoutMs: number, events: ModuleWorkerEvents) {
    this.module = init.module;
    this.#events = events;
    this.#timeoutMs = timeoutMs;
    this.#worker = new Worker(PKCS11_WORKER_URL, { workerData: init, name: `pkcs11 ${init.module}` });
    let firstScanDone: () => void = () => {};
    this.firstScan = new Promise((resolve) => { firstScanDone = resolve; });
    this.#worker.on('message', (message: WorkerToMain) => {
      this.#lastHeard = Date.now();
      this.#onMessage(message, firstScanDone);
    });
    this.#worker.on('error', (error) => { this.#fail(`worker error: ${error.message}`); firstScanDone(); });
    this.#worker.on('exit', () => { this.#stopped?.(); this.#fail('worker exited'); firstScanDone(); });
    this.#watchdog = setInterval(() => {
      if (Date.now() - this.#lastHeard > this.#timeoutMs) { this.#fail(`module did not answer within ${this.#timeoutMs} ms (hung)`, 'card-module-timeout'); firstScanDone(); }
    }, Math.min(500, timeoutMs));
    this.#watchdog.unref();
  }

  #onMessage(message: WorkerToMain, firstScanDone: () => void): void {
    switch (message.type) {
      case 'loaded': this.description = message.description; return;
      case 'load-failed': this.#fail(message.reason); firstScanDone(); return;
      case 'scan': if (!this.#failed) this.#events.onScan(message.readers, message.cards); firstScanDone(); return;
      case 'alive': return;
      case 'stopped': this.#stopped?.(); return;
      case 'result': {
        const pending = this.#pending.get(message.id);
        if (!pending) return; // timed out already
        this.#pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(cardError(message.error.code as CardError['code'], message.error.detail ? { detail: message.error.detail } : {}));
      }
    }
  }

  /** Transfers `request.pin` to the worker: it is detached (unreadable) here afterwards. */
  sign(request: SignRequest): Promise<SignResult> {
    if (this.#failed) return Promise.reject(cardError('card-module-failed', { detail: { module: this.module } }));
    const id = this.#nextId++;
    return new Promise<SignResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(cardError('card-module-timeout', { detail: { module: this.module, timeoutMs: this.#timeoutMs } }));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      const message: MainToWorker = { type: 'sign', id, request };
      this.#worker.postMessage(message, [request.pin]);
    });
  }

  #fail(reason: string, code: 'card-module-failed' | 'card-module-timeout' = 'card-module-failed'): void {
    if (this.#failed) return;
    this.#failed = true;
    clearInterval(this.#watchdog);
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(cardError(code, { detail: { module: this.module } }));
      this.#pending.delete(id);
    }
    if (code === 'card-module-timeout') void this.#worker.terminate(); // takes effect if the call ever returns
    this.#events.onFailed(reason);
  }

  async stop(): Promise<void> {
    clearInterval(this.#watchdog);
    if (this.#failed) { void this.#worker.terminate(); return; }
    this.#failed = true; // no events after stop
    const stopped = new Promise<void>((resolve) => { this.#stopped = resolve; });
    this.#worker.postMessage({ type: 'stop' } satisfies MainToWorker);
    // C_Finalize should be quick; a module that hangs in it is left behind rather than awaited
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    for (const pending of this.#pending.values()) { clearTimeout(pending.timer); pending.reject(cardError('card-service-stopped')); }
    this.#pending.clear();
    void this.#worker.terminate();
  }
}
