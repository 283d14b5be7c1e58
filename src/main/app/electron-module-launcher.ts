// Starts a PKCS#11 module process with Electron's utilityProcess.fork: in the packaged app the
// `runAsNode` fuse is off (electron-builder.yml), so child_process.fork of Electron's binary with
// ELECTRON_RUN_AS_NODE=1 would start another Electron app instead of Node. A utility process is a
// Node environment Electron starts itself (main process only). Its messages are structured clones,
// as the module process expects (src/main/card/module-process/parent-channel.ts). The shape it
// returns is the card service's ModuleLauncher (src/main/card/module-launcher.ts).
// UNVERIFIED: Electron never runs on the build machines; test/unit/app/electron-module-launcher.test.ts
// checks the adapter against a fake utilityProcess, not Electron itself.

/** the part of Electron's UtilityProcess this needs */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface UtilityProcessModuleLike {
  fork(
    modulePath: string,
    args?: string[],
    options?: { serviceName?: string; stdio?: 'inherit' | 'ignore' | 'pipe' },
  ): UtilityProcessLike;
}

export function utilityProcessLauncher(utilityProcess: UtilityProcessModuleLike) {
  return (entry: string, args: readonly string[]) => {
    const child = utilityProcess.fork(entry, [...args], {
      serviceName: 'HelseID Desktop card module',
      stdio: 'inherit',
    });
    let ended = false;
    const exitListeners: ((reason: string) => void)[] = [];
    child.on('exit', (code) => {
      ended = true;
      for (const listener of exitListeners) listener(`module process exited (code ${code})`);
    });
    return {
      get pid() {
        return child.pid;
      },
      send(message: unknown) {
        if (!ended) child.postMessage(message);
      },
      onMessage: (listener: (message: unknown) => void) => void child.on('message', listener),
      onExit: (listener: (reason: string) => void) => void exitListeners.push(listener),
      kill() {
        if (!ended) child.kill();
      },
      unref() {
        /* a utility process never keeps the app alive: Electron ends it with the app */
      },
    };
  };
}
