// The preload: exposes the contract's named methods as `window.helseid` and nothing else.
// Runs sandboxed, so it is bundled to CommonJS (dist/preload/preload.cjs).
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from '../shared/ipc/build-bridge.ts';
import { BRIDGE_GLOBAL } from '../shared/ipc/contract.ts';

const bridge = buildBridge({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (channel, listener) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
