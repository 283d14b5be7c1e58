// Electron adapter for the IPC router: one ipcMain.handle per contract channel, behind the sender
// check (ipc-sender.ts); the router then validates the payload against the contract.
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { invokeChannels } from '../../shared/ipc/contract.ts';
import type { EventChannel, PayloadOf } from '../../shared/ipc/contract.ts';
import type { IpcDispatch } from '../ipc/ipc-router.ts';
import { isTrustedSender } from './ipc-sender.ts';

export function registerIpc(dispatch: IpcDispatch, getWindow: () => BrowserWindow | undefined, log: (line: string) => void): void {
  for (const channel of Object.keys(invokeChannels)) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, getWindow())) {
        log(`ipc: dropped ${channel} from an unexpected sender`);
        return { ok: false, error: { code: 'ipc-unknown-channel', retriable: false } };
      }
      return dispatch(channel, payload);
    });
  }
}

export function sendToWindow<E extends EventChannel>(window: BrowserWindow | undefined, channel: E, payload: PayloadOf<E>): void {
  if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
}
