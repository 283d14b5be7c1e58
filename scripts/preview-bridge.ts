// Stands in for the preload when the renderer runs in plain Chromium (npm run preview, e2e tests).
// Playwright exposes `__helseidPreviewInvoke` (backed by the real main-process IPC router) and
// calls `__helseidPreviewEmit` to push events; this builds the very same `window.helseid` object
// from the contract that the preload builds in Electron.
import { buildBridge } from '../src/shared/ipc/build-bridge.ts';
import { BRIDGE_GLOBAL } from '../src/shared/ipc/contract.ts';
import type { EventChannel, InvokeChannel } from '../src/shared/ipc/contract.ts';

type PreviewWindow = Window & {
  __helseidPreviewInvoke?: (channel: InvokeChannel, payload: unknown) => Promise<unknown>;
  __helseidPreviewEmit?: (channel: EventChannel, payload: unknown) => void;
};

const w = window as PreviewWindow;
const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

w.__helseidPreviewEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

const bridge = buildBridge({
  invoke: (channel, payload) => {
    if (!w.__helseidPreviewInvoke) return Promise.reject(new Error('preview binding missing'));
    return w.__helseidPreviewInvoke(channel, payload);
  },
  subscribe: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener);
    listeners.set(channel, set);
    return () => set.delete(listener);
  },
});

Object.defineProperty(window, BRIDGE_GLOBAL, { value: bridge, writable: false, configurable: false });
