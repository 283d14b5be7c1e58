// stop() must leave nothing that keeps the app's process alive: not the PC/SC watcher waiting in
// SCardGetStatusChange on a koffi worker thread (SCardCancel wakes it), not the module process,
// not a signature still at the card. A process that runs the
// card service (fixtures/card-service-process.ts) calls stop() and closes its IPC channel; it must
// then exit by itself — its 'exit' event is the assertion, never a measured time — and leave no
// module process behind.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { PcscCards } from '../../authority/cards/piv/pcsc-cards.ts';
import { describePcsc, startTestPcscCards } from './pcsc-harness.ts';

const CHILD = fileURLToPath(new URL('./fixtures/card-service-process.ts', import.meta.url));
const KARI = 'PIV Buypass Kari Nordmann';
let cards: PcscCards;
let child: ChildProcess | undefined;

interface Started {
  type: 'started';
  modulePids: number[];
}
interface Stopped {
  type: 'stopped';
  signOutcome?: string;
}

/** running, not a zombie waiting to be reaped by whoever inherited it */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function nextMessage<T>(process: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    process.once('message', (message) => resolve(message as T));
    process.once('exit', (code, signal) =>
      reject(new Error(`the card service process exited early (${signal ?? `code ${code}`})`)),
    );
  });
}

/** Starts the process, stops its service, and resolves with its report and how it exited. */
async function runAndStop(
  signFirst: boolean,
  whenStarted: () => Promise<void> = async () => {},
): Promise<{ started: Started; stopped: Stopped; exit: { code: number | null; signal: string | null } }> {
  const pin = cards.cards.find((c) => c.provisioned.spec.label === KARI)!.provisioned.copies.pin;
  const proc = fork(CHILD, [cards.module, pin], {
    execPath: process.execPath,
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child = proc;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const started = await nextMessage<Started>(proc);
  await whenStarted();
  const stoppedMessage = nextMessage<Stopped>(proc);
  proc.send({ type: 'stop', signFirst });
  const stopped = await stoppedMessage;
  // nothing is done to it from here on: only an empty event loop ends it
  return { started, stopped, exit: await exited };
}

describePcsc('a clean exit after stop() (OpenSC over PC/SC)', () => {
  beforeAll(async () => {
    cards = await startTestPcscCards({ insertAll: false });
    await cards.insert(KARI);
  });
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });
  afterAll(async () => {
    await cards?.slow(KARI, 0).catch(() => {});
    await cards?.close();
  });

  it('stop() with the PC/SC watcher waiting for a status change and the module idle: the process exits by itself, leaving no module process', async () => {
    const { started, exit } = await runAndStop(false);
    expect(started.modulePids.length).toBe(1);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(started.modulePids.filter(alive)).toEqual([]);
  });

  // A signature at a card that answers slowly is left running at stop(), and the test waits for the
  // process to exit by itself. The card turns slow only once the service has read it: slow from the
  // start, OpenSC's start-up read alone took 13 s (54 s on a loaded CI machine, near the time-out).
  it('stop() with a signature still at a slow card: the signature fails as stopped and the process still exits by itself', async () => {
    const { started, stopped, exit } = await runAndStop(true, () => cards.slow(KARI, 300));
    expect(stopped.signOutcome).toBe('card-service-stopped');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(started.modulePids.filter(alive)).toEqual([]);
  });
});
