// How a module process is started, injectable because the two runtimes differ:
// - plain Node (tests, the CLI, the preview): child_process.fork of the entry file;
// - the packaged Electron app: its fuse `runAsNode` is off (electron-builder.yml), so a fork of
//   Electron's binary with ELECTRON_RUN_AS_NODE=1 would start another Electron app, not Node.
//   Electron's answer is utilityProcess.fork (main process only), which the shell passes in
//   (src/main/app/electron-module-launcher.ts). The module process speaks to either through
//   module-process/parent-channel.ts.
import { fork } from 'node:child_process';

/** The main side's handle on one started module process, whatever started it. */
export interface ModuleChild {
  readonly pid: number | undefined;
  /** structured-cloneable data (Uint8Array and ArrayBuffer arrive as bytes) */
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** it ended (or could not start: then `reason` says why) */
  onExit(listener: (reason: string) => void): void;
  /** SIGKILL: used on a hung module, which cannot end by itself */
  kill(): void;
  /** never what keeps the app's process alive */
  unref(): void;
}

export type ModuleLauncher = (entry: string, args: readonly string[]) => ModuleChild;

/** child_process.fork with an IPC channel and structured-clone serialization. */
export const forkModuleProcess: ModuleLauncher = (entry, args) => {
  const child = fork(entry, [...args], {
    serialization: 'advanced', // Uint8Array and ArrayBuffer cross as bytes
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [], // not the test runner's or the debugger's flags
    // Electron's binary runs it as plain Node where its runAsNode fuse is on (development); the
    // packaged app, whose fuse is off, must pass a utilityProcess launcher instead
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let ended = false;
  const exitListeners: ((reason: string) => void)[] = [];
  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    for (const listener of exitListeners) listener(reason);
  };
  child.on('error', (error) => end(`module process error: ${error.message}`));
  child.on('exit', (code, signal) => end(`module process exited (${signal ?? `code ${code}`})`));
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (!child.connected) return; // a dead process fails its requests by its exit
      child.send(message as object, undefined, {}, () => {});
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => exitListeners.push(listener),
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    unref: () => child.unref(),
  };
};
