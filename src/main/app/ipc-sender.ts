// Every IPC message is checked for its sender before it reaches the router: our one window's
// main frame, showing our own app:// page. Structural types, so a test can pass fake objects
// (shell-wiring.ts passes Electron's).
import { isAppUrl } from './window-security.ts';

interface FrameLike {
  readonly url: string;
}
interface WebContentsLike {
  readonly mainFrame: FrameLike;
}
export interface IpcEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}
export interface WindowLike {
  readonly webContents: WebContentsLike;
  isDestroyed(): boolean;
}

export function isTrustedSender(event: IpcEventLike, window: WindowLike | undefined): boolean {
  if (!window || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  return (
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    isAppUrl(frame.url)
  );
}
