// Worker thread entry: owns one PKCS#11 module. Every call into the module happens here, so a
// slow card, a blocked C_Login or a hung module never freezes the app's main thread; the main
// side (module-worker.ts) times us out when we stop answering.
import { parentPort, workerData } from 'node:worker_threads';
import { pkcs11js } from './pkcs11-lib.ts';
import { SlotWatcher, initializeModule, supportsSlotEvents } from './slot-watcher.ts';
import { signWithAuthKey } from './sign-operation.ts';
import { mapPkcs11Error } from './map-pkcs11-error.ts';
import { describeLoadFailure } from './load-failure.ts';
import type { MainToWorker, WorkerInit, WorkerToMain } from './worker-protocol.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (message: WorkerToMain): void => port.postMessage(message);
const lib = new pkcs11js.PKCS11();
let timer: NodeJS.Timeout | undefined;
let lastPost = Date.now();

function start(): void {
  try {
    lib.load(init.module);
    initializeModule(lib);
  } catch (error) {
    post({ type: 'load-failed', reason: describeLoadFailure(error) });
    port.close();
    return;
  }
  const slotEvents = supportsSlotEvents(lib);
  const info = lib.C_GetInfo();
  post({ type: 'loaded', slotEvents, description: `${info.manufacturerID.trim()} ${info.libraryDescription.trim()} (Cryptoki ${info.cryptokiVersion.major}.${info.cryptokiVersion.minor})` });
  const watcher = new SlotWatcher(lib, init, slotEvents, (readers, cards) => {
    lastPost = Date.now();
    post({ type: 'scan', readers, cards });
  });
  const tick = (): void => {
    try {
      watcher.tick(Date.now());
      // tell the watchdog we are alive even when nothing changes
      if (Date.now() - lastPost >= init.aliveIntervalMs) { lastPost = Date.now(); post({ type: 'alive' }); }
    } catch (error) {
      post({ type: 'load-failed', reason: `module stopped working: ${describeLoadFailure(error)}` });
      stop();
      return;
    }
    timer = setTimeout(tick, init.pollIntervalMs);
  };
  tick();
}

function stop(): void {
  if (timer) clearTimeout(timer);
  try { lib.C_Finalize(); } catch { /* not initialised or already gone */ }
  try { lib.close(); } catch { /* never loaded */ }
  post({ type: 'stopped' });
  port.close();
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'stop') return stop();
  try {
    const value = signWithAuthKey(lib, message.request);
    post({ type: 'result', id: message.id, ok: true, value });
  } catch (error) {
    post({ type: 'result', id: message.id, ok: false, error: mapPkcs11Error(error).toData() });
  }
});

start();
