// The module process's line to the card service, whichever way it was started
// (../module-launcher.ts): child_process.fork gives `process.send` and 'message'/'disconnect';
// Electron's utilityProcess.fork (the packaged app, whose runAsNode fuse is off) gives
// `process.parentPort` with postMessage and 'message' events carrying `{ data }`.
import type { FromModuleProcess, ToModuleProcess } from '../common/module-protocol.ts';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

/** the ModuleInit argument: the first that is JSON (argv's layout differs between the two starts) */
export function initArgument(): string {
  return process.argv.slice(1).find((arg) => arg.startsWith('{')) ?? '{}';
}

export function post(message: FromModuleProcess): void {
  if (parentPort) return parentPort.postMessage(message);
  if (process.connected)
    process.send?.(message, undefined, {}, () => {
      /* main gone: 'disconnect' ends us */
    });
}

/** the last message: exit once it has left (an exit right after send() could lose it) */
export function postThenExit(message: FromModuleProcess): void {
  const exit = (): void => process.exit(0);
  if (parentPort) {
    parentPort.postMessage(message);
    setTimeout(exit, 50); // postMessage has no completion callback
    return;
  }
  if (!process.connected || !process.send) return exit();
  process.send(message, undefined, {}, exit);
}

export function onMessage(listener: (message: ToModuleProcess) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as ToModuleProcess));
  else process.on('message', (message) => listener(message as ToModuleProcess));
  // the app went away: never outlive it (Electron ends a utility process with its parent)
  process.on('disconnect', () => process.exit(0));
}
