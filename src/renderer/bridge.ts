// The renderer's only way to the main process: the object the preload (or the preview) installed.
import type { HelseIdBridge } from '../shared/ipc/contract.ts';

declare global {
  interface Window {
    helseid?: HelseIdBridge;
  }
}

export function getBridge(): HelseIdBridge {
  const bridge = window.helseid;
  if (!bridge)
    throw new Error('window.helseid is missing: the renderer must run behind the preload or the preview bridge');
  return bridge;
}
