// Module process entry: owns one PKCS#11 module. Every call into the module happens here, so a
// slow card, a blocked C_Login or a hung module never freezes the app's main thread; the main
// side (../module-process-handle.ts) times us out when we stop answering and kills us — a process, not a
// thread, because a thread stuck inside native code can be neither terminated nor joined (Node
// then cannot even exit), and because a deadlocked module (OpenSC 0.23, see slot-watcher.ts)
// only recovers in a fresh copy of itself.
// argv: ModuleInit as JSON. Messages are structured clones (Uint8Array, ArrayBuffer): parent-channel.ts.
import { pkcs11js } from './pkcs11-lib.ts';
import { SlotWatcher, initializeModule, watchPlan } from './slot-watcher.ts';
import { signWithAuthKey } from './sign-operation.ts';
import { mapPkcs11Error } from './map-pkcs11-error.ts';
import { describeLoadFailure } from './load-failure.ts';
import { announcingCalls } from './announce-calls.ts';
import { initArgument, onMessage, post, postThenExit } from './parent-channel.ts';
import type { ModuleInit } from '../common/module-protocol.ts';

const init = JSON.parse(initArgument()) as ModuleInit;
// Every call into the module is announced first, so the service can time it (announce-calls.ts):
// while it starts (C_Initialize can deadlock too), always for card reader modules (where OpenSC
// deadlocks), during operations for software tokens (SoftHSM's polling ticks would cost a message
// per call, several times a second, for nothing).
let announce = true;
let announceAlways = false;
const lib = announcingCalls(new pkcs11js.PKCS11(), (name, budget) => {
  if (announce) post({ type: 'call', name, budget });
});
let timer: NodeJS.Timeout | undefined;
let watcher: SlotWatcher | undefined;
let lastPost = Date.now();
/** the last PC/SC change count the service told us (at launch, then with each request): stamped on every scan */
let seq = init.seq;
let onDemand = false;

function start(): void {
  try {
    lib.load(init.module);
    initializeModule(lib);
  } catch (error) {
    postThenExit({ type: 'load-failed', reason: describeLoadFailure(error) });
    return;
  }
  const plan = watchPlan(lib, init.slotEvents, init.presence);
  onDemand = plan.onDemand;
  announceAlways = !plan.reinitializes; // its slots are card readers
  announce = announceAlways;
  const info = lib.C_GetInfo();
  post({
    type: 'loaded',
    slotEvents: plan.events,
    reinitializes: plan.reinitializes,
    onDemand,
    description: `${info.manufacturerID.trim()} ${info.libraryDescription.trim()} (Cryptoki ${info.cryptokiVersion.major}.${info.cryptokiVersion.minor})`,
  });
  watcher = new SlotWatcher(lib, init, plan, (readers, cards) => {
    lastPost = Date.now();
    post({ type: 'scan', seq, readers, cards });
  });
  if (onDemand) {
    // nothing to watch: read once now, then on request; stay audible for the service's watchdog
    scanNow();
    timer = setInterval(() => {
      if (Date.now() - lastPost >= init.aliveIntervalMs) {
        lastPost = Date.now();
        post({ type: 'alive' });
      }
    }, init.aliveIntervalMs);
    return;
  }
  tick();
}

function scanNow(): void {
  try {
    watcher?.scan(Date.now(), true);
  } catch (error) {
    post({ type: 'load-failed', reason: `module stopped working: ${describeLoadFailure(error)}` });
    stop();
  }
}

function tick(): void {
  try {
    watcher!.tick(Date.now());
    // tell the watchdog we are alive even when nothing changes
    if (Date.now() - lastPost >= init.aliveIntervalMs) {
      lastPost = Date.now();
      post({ type: 'alive' });
    }
  } catch (error) {
    post({ type: 'load-failed', reason: `module stopped working: ${describeLoadFailure(error)}` });
    stop();
    return;
  }
  timer = setTimeout(tick, init.pollIntervalMs);
}

function stop(): void {
  if (timer) clearTimeout(timer);
  announce = false;
  try {
    lib.C_Finalize();
  } catch {
    /* not initialised or already gone */
  }
  try {
    lib.close();
  } catch {
    /* never loaded */
  }
  postThenExit({ type: 'stopped' });
}

onMessage((message) => {
  switch (message.type) {
    case 'stop':
      return stop();
    case 'watch-self':
      if (!onDemand) return;
      onDemand = false;
      if (timer) clearInterval(timer);
      tick();
      return;
    case 'rescan':
      seq = Math.max(seq, message.seq);
      return scanNow();
    case 'sign':
      seq = Math.max(seq, message.seq);
      announce = true;
      try {
        const value = signWithAuthKey(lib, message.request);
        post({ type: 'result', id: message.id, ok: true, value });
      } catch (error) {
        post({ type: 'result', id: message.id, ok: false, error: mapPkcs11Error(error).toData() });
      }
      // PIN flags after a wrong PIN, or a card pulled mid-operation
      announce = announceAlways;
      if (onDemand) scanNow();
      else watcher?.requestRescan();
  }
});

start();
