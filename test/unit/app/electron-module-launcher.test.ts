// The packaged app starts PKCS#11 module processes with utilityProcess.fork (its runAsNode fuse is
// off, so ELECTRON_RUN_AS_NODE is ignored). Electron cannot run here: this checks the adapter
// against a fake utilityProcess — messages both ways, exit, kill — and says so; the real
// utilityProcess is exercised only where Electron runs.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { utilityProcessLauncher } from '../../../src/main/app/electron-module-launcher.ts';
import type { ModuleLauncher } from '../../../src/main/card/module-launcher.ts';

class FakeUtilityProcess extends EventEmitter {
  readonly pid = 4242;
  readonly posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    this.emit('exit', 9);
    return true;
  }
}

describe('module processes as Electron utility processes', () => {
  it('utilityProcessLauncher_forksTheEntryWithItsInit_andCarriesMessagesBothWays', () => {
    const forks: { path: string; args: string[] | undefined }[] = [];
    const child = new FakeUtilityProcess();
    const launch: ModuleLauncher = utilityProcessLauncher({
      fork: (path, args) => {
        forks.push({ path, args });
        return child;
      },
    });
    const handle = launch('/app.asar.unpacked/dist/main/card-module-process.js', ['{"module":"x"}']);
    expect(forks).toEqual([{ path: '/app.asar.unpacked/dist/main/card-module-process.js', args: ['{"module":"x"}'] }]);
    expect(handle.pid).toBe(4242);
    const received: unknown[] = [];
    handle.onMessage((m) => received.push(m));
    child.emit('message', { type: 'alive' });
    expect(received).toEqual([{ type: 'alive' }]);
    const pin = new Uint8Array([1, 2, 3, 4]).buffer;
    handle.send({ type: 'sign', id: 1, seq: 0, request: { pin } });
    expect(child.posted).toEqual([{ type: 'sign', id: 1, seq: 0, request: { pin } }]);
  });

  it('utilityProcessLauncher_kill_endsItOnce_andReportsTheExit', () => {
    const child = new FakeUtilityProcess();
    const handle = utilityProcessLauncher({ fork: () => child })('entry.js', []);
    const exits: string[] = [];
    handle.onExit((reason) => exits.push(reason));
    handle.kill();
    handle.kill();
    handle.send({ type: 'stop' });
    expect(exits).toEqual(['module process exited (code 9)']);
    expect(child.posted).toEqual([]); // nothing is sent to a process that has ended
  });
});
