// The Electron shell's wiring as a plain function over an Electron-shaped object: main.ts hands it
// the real modules; test/unit/app/shell-wiring.test.ts hands it fakes and checks that every handler
// is installed, on every web contents, before and after `ready`. It connects the plain-Node
// services to a hardened window and to the OS: shell.openExternal as the system browser (only URLs
// the app built), net.fetch for the OS proxy and certificate store, single-instance lock, window to
// the front when a login completes, the title saying who is logged in, start with the OS session,
// and — when IT chose 'lock' — the OS screen lock and inactivity locking the session.
import type { AppPorts } from '../services/app-services.ts';
import type { PreferencesPort } from '../controller/ports.ts';
import type { IpcDispatch } from '../ipc/ipc-router.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { invokeChannels } from '../../shared/ipc/contract.ts';
import { createRendererFileHandler } from './app-protocol.ts';
import type { BrowserWindowLike, ElectronLike } from './electron-shape.ts';
import { createExternalUrlPolicy, createSetupUrlPolicy } from './external-links.ts';
import { isTrustedSender } from './ipc-sender.ts';
import { createSafeStorageKeyStore } from './safe-storage-key-store.ts';
import { IDLE_CHECK_INTERVAL_MS, loginItemSettings, shouldLockForIdle, windowTitle } from './shell-state.ts';
import {
  APP_ORIGIN,
  APP_SCHEME,
  handleWillAttachWebview,
  handleWillNavigate,
  permissionCheckHandler,
  permissionRequestHandler,
  secureWebPreferences,
  shouldBlockRequest,
  windowOpenHandler,
} from './window-security.ts';

interface ShellController {
  view(): AppView;
  onView(listener: (view: AppView) => void): unknown;
}

/** The whole app (a client is configured or was set up): what its session hooks need. */
export interface SessionShellServices {
  readonly mode: 'app';
  readonly authority: string;
  readonly config: { readonly card_removal: 'logout' | 'lock'; readonly lock_after_idle_minutes?: number | undefined };
  readonly dispatch: IpcDispatch;
  readonly controller: ShellController & { lock(): void };
  close(): Promise<void>;
}

/** What the shell needs of the started services: a session, the setup-error screen, or the set-up screen. */
export type ShellServices =
  | {
      readonly mode: 'setup-error';
      readonly dispatch: IpcDispatch;
      readonly controller: ShellController;
      close(): Promise<void>;
    }
  // the set-up screen; after "Fortsett" it serves the app through the same dispatch and onView, and
  // tells onApp so the app's session hooks (screen lock, idle lock, URL policy) are wired then
  | {
      readonly mode: 'workstation-setup';
      readonly authority: string;
      readonly confirmationPageBase: string;
      readonly dispatch: IpcDispatch;
      readonly controller: ShellController;
      close(): Promise<void>;
      onApp(listener: (app: SessionShellServices) => void): unknown;
    }
  | SessionShellServices;

export interface ShellDeps {
  readonly rendererDir: string;
  readonly preloadPath: string;
  readonly platform: NodeJS.Platform;
  readonly log: (line: string) => void;
  /** per-user preferences (electron-store in the app) */
  readonly createPreferences: () => PreferencesPort;
  /** startAppServices in the app */
  readonly startServices: (ports: AppPorts) => Promise<ShellServices>;
  /** starts PKCS#11 module processes (utilityProcess in the app: its runAsNode fuse is off) */
  readonly launchModule?: AppPorts['launchModule'];
  /** the idle check's timer (default: the global setInterval) */
  readonly setInterval?: (callback: () => void, ms: number) => { unref(): unknown };
}

/** What wireShell leaves behind, for the caller's tests. */
export interface Shell {
  /** resolves once the window has loaded (or start-up failed and the app is exiting) */
  readonly ready: Promise<void>;
}

export function wireShell(electron: ElectronLike, deps: ShellDeps): Shell {
  const { app, protocol } = electron;
  const { log } = deps;
  let window: BrowserWindowLike | undefined;
  let services: ShellServices | undefined;
  // the app opens only URLs it built for the configured authority; none at all before it has one
  let allowExternal: (url: string) => boolean = () => false;

  const bringToFront = () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve() };
  }
  app.on('second-instance', () => bringToFront());
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(windowOpenHandler);
    contents.on('will-navigate', handleWillNavigate);
    contents.on('will-frame-navigate', (event) => handleWillNavigate(event, event.url));
    contents.on('will-redirect', handleWillNavigate);
    contents.on('will-attach-webview', handleWillAttachWebview);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void services?.close());

  async function start(): Promise<void> {
    const defaultSession = electron.session.defaultSession;
    defaultSession.setPermissionRequestHandler(permissionRequestHandler);
    defaultSession.setPermissionCheckHandler(permissionCheckHandler);
    defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: shouldBlockRequest(details) }));
    protocol.handle(APP_SCHEME, createRendererFileHandler(deps.rendererDir));

    const preferences = deps.createPreferences();
    const settings = loginItemSettings(preferences.get(), deps.platform);
    if (settings) app.setLoginItemSettings(settings);

    // A configuration error opens the window on the "Feil i oppsettet" screen (the log names code and
    // field): start-up never ends in silence.
    const started = await deps.startServices({
      // Electron's net.fetch goes through Chromium's network stack: the OS proxy (clinic networks
      // often need HelseID's PAC file) and the OS certificate store.
      fetch: (input, init) => electron.net.fetch(input instanceof URL ? input.href : input, init),
      openExternal: async (url) => {
        if (!allowExternal(url)) {
          log('refused to open a URL the app did not build');
          throw new Error('refused to open an URL the app did not build');
        }
        await electron.shell.openExternal(url);
      },
      bringToFront,
      preferences,
      appVersion: app.getVersion(),
      copyText: (text) => electron.clipboard.writeText(text),
      // a provisioned client's key, protected by the OS for this account (DPAPI, Keychain, libsecret)
      osKeyStore: ({ folder, allowBasicText }) =>
        createSafeStorageKeyStore({ safeStorage: electron.safeStorage, folder, allowBasicText }),
      ...(deps.launchModule ? { launchModule: deps.launchModule } : {}),
      log,
    });
    services = started;
    if (started.mode === 'workstation-setup') {
      allowExternal = createSetupUrlPolicy(started.authority, started.confirmationPageBase);
      // "Fortsett" builds the app in this process: it gets the same hooks a start-up would give it
      started.onApp((app) => wireSession(app));
    } else if (started.mode === 'app') wireSession(started);

    const win = new electron.BrowserWindow({
      width: 960,
      height: 760,
      minWidth: 640,
      minHeight: 520,
      show: false,
      title: 'HelseID',
      webPreferences: secureWebPreferences(deps.preloadPath),
    });
    window = win;
    win.once('ready-to-show', () => win.show());
    // the page's <title> would otherwise replace the one that says who is logged in
    win.on('page-title-updated', (event) => event.preventDefault());
    registerIpc(started.dispatch);
    started.controller.onView((view) => {
      if (win.isDestroyed()) return;
      win.webContents.send('app:view-changed', view);
      win.setTitle(windowTitle(view));
    });
    win.setTitle(windowTitle(started.controller.view()));
    await win.loadURL(`${APP_ORIGIN}/index.html`);
  }

  // at start-up, or when "Fortsett" after a set-up in the window built the app: the URL policy of
  // the app's authority, and the screen-lock and idle hooks from its configuration
  function wireSession(session: SessionShellServices): void {
    allowExternal = createExternalUrlPolicy(session.authority);
    // the OS screen lock locks the session too, when IT chose 'lock' (same card + PIN to unlock)
    if (session.config.card_removal === 'lock')
      electron.powerMonitor.on('lock-screen', () => session.controller.lock());
    // and so does leaving the workstation idle, when IT set a limit
    if (session.config.lock_after_idle_minutes !== undefined) {
      (deps.setInterval ?? setInterval)(() => {
        if (shouldLockForIdle(electron.powerMonitor.getSystemIdleTime(), session.config)) session.controller.lock();
      }, IDLE_CHECK_INTERVAL_MS).unref();
    }
  }

  /** One handler per contract channel, behind the sender check; the router then validates the payload. */
  function registerIpc(dispatch: IpcDispatch): void {
    for (const channel of Object.keys(invokeChannels)) {
      electron.ipcMain.handle(channel, (event, payload) => {
        if (!isTrustedSender(event, window)) {
          log(`ipc: dropped ${channel} from an unexpected sender`);
          return { ok: false, error: { code: 'ipc-unknown-channel', retriable: false } };
        }
        return dispatch(channel, payload);
      });
    }
  }

  const ready = app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // a configuration error never gets here (it opens the "Feil i oppsettet" screen); this is a bug
      const code = (error as { code?: unknown }).code;
      log(
        `start-up failed: ${error instanceof Error ? error.name : typeof error}${typeof code === 'string' ? ` ${code}` : ''}`,
      );
      app.exit(1);
    });
  return { ready };
}
