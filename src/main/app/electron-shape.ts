// The parts of Electron the shell uses, as structural types: main.ts passes the real modules,
// test/unit/app/shell-wiring.test.ts passes fakes. Nothing here imports `electron`, so the wiring
// (shell-wiring.ts) runs in a plain Node test without loading Electron.
import type { SafeStorageLike } from './safe-storage-key-store.ts';
import type { secureWebPreferences } from './window-security.ts';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface FrameLike {
  readonly url: string;
}

export interface WebContentsLike {
  readonly mainFrame: FrameLike;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: PreventableEvent & { readonly url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  webPreferences: ReturnType<typeof secureWebPreferences>;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'page-title-updated', listener: (event: PreventableEvent) => void): unknown;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  setTitle(title: string): void;
  loadURL(url: string): Promise<void>;
}

export interface AppLike {
  enableSandbox(): void;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(code?: number): void;
  getVersion(): string;
  whenReady(): Promise<void>;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  on(event: 'second-instance' | 'window-all-closed' | 'before-quit', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

export interface IpcInvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, payload: unknown) => unknown): void;
}

export interface RequestDetailsLike {
  readonly url: string;
  readonly webContentsId?: number;
}

export interface SessionLike {
  readonly defaultSession: {
    setPermissionRequestHandler(
      handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
    ): void;
    setPermissionCheckHandler(handler: () => boolean): void;
    readonly webRequest: {
      onBeforeRequest(
        listener: (details: RequestDetailsLike, callback: (response: { cancel: boolean }) => void) => void,
      ): void;
    };
  };
}

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: { standard: boolean; secure: boolean } }[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export interface PowerMonitorLike {
  on(event: 'lock-screen', listener: () => void): unknown;
  getSystemIdleTime(): number;
}

/** Electron, as far as the shell uses it. */
export interface ElectronLike {
  readonly app: AppLike;
  readonly BrowserWindow: new (options: WindowOptions) => BrowserWindowLike;
  readonly ipcMain: IpcMainLike;
  readonly session: SessionLike;
  readonly shell: { openExternal(url: string): Promise<void> };
  readonly protocol: ProtocolLike;
  readonly powerMonitor: PowerMonitorLike;
  readonly net: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  readonly clipboard: { writeText(text: string): void };
  readonly safeStorage: SafeStorageLike;
}
