// The Electron shell: the only place (with the electron-*.ts adapters) that imports `electron`.
// It wires the plain-Node services (createAppServices) to a hardened window and to the OS:
// shell.openExternal as the system browser, net.fetch for the OS proxy and certificate store,
// single-instance lock, window to the front when a login completes, the title saying who is
// logged in, and start with the OS session. Every handler it installs is a plain function from
// window-security.ts / ipc-sender.ts / external-links.ts, asserted by test/unit/app.
import { app, BrowserWindow, clipboard, net, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSetupError, startAppServices } from '../services/create-app-services.ts';
import type { StartedServices } from '../services/create-app-services.ts';
import { createRendererFileHandler } from './app-protocol.ts';
import { createSafeStorageKeyStore } from './safe-storage-key-store.ts';
import { registerIpc, sendToWindow } from './electron-ipc.ts';
import { createElectronPreferences } from './electron-preferences.ts';
import { createExternalUrlPolicy } from './external-links.ts';
import { IDLE_CHECK_INTERVAL_MS, loginItemSettings, shouldLockForIdle, windowTitle } from './shell-state.ts';
import {
  APP_ORIGIN, APP_SCHEME, handleWillAttachWebview, handleWillNavigate, permissionCheckHandler, permissionRequestHandler,
  secureWebPreferences, shouldBlockRequest, windowOpenHandler,
} from './window-security.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'preload.cjs');
const log = (line: string) => process.stderr.write(`[main] ${line}\n`);

let window: BrowserWindow | undefined;
// the app opens only URLs it built for the configured authority; none at all before it has one
let allowExternal: (url: string) => boolean = () => false;
let services: StartedServices | undefined;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
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
  void app.whenReady().then(start).catch((error: unknown) => {
    // a configuration error never gets here (it opens the "Feil i oppsettet" screen); this is a bug
    const code = (error as { code?: unknown }).code;
    log(`start-up failed: ${error instanceof Error ? error.name : typeof error}${typeof code === 'string' ? ` ${code}` : ''}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler(permissionRequestHandler);
  session.defaultSession.setPermissionCheckHandler(permissionCheckHandler);
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: shouldBlockRequest(details) }));
  protocol.handle(APP_SCHEME, createRendererFileHandler(rendererDir));

  const preferences = createElectronPreferences(log);
  const settings = loginItemSettings(preferences.get(), process.platform);
  if (settings) app.setLoginItemSettings(settings);

  // A configuration error opens the window on the "Feil i oppsettet" screen (the log names code and
  // field): start-up never ends in silence.
  services = await startAppServices({
    // Electron's net.fetch goes through Chromium's network stack: the OS proxy (clinic networks
    // often need HelseID's PAC file) and the OS certificate store.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
    openExternal: async (url) => {
      if (!allowExternal(url)) {
        log('refused to open a URL the app did not build');
        throw new Error('refused to open an URL the app did not build');
      }
      await shell.openExternal(url);
    },
    bringToFront,
    preferences,
    appVersion: app.getVersion(),
    copyText: (text) => clipboard.writeText(text),
    // a provisioned client's key, protected by the OS for this account (DPAPI, Keychain, libsecret)
    osKeyStore: ({ folder, allowBasicText }) => createSafeStorageKeyStore({ safeStorage, folder, allowBasicText }),
    log,
  });
  if (!isSetupError(services)) wireSession(services);

  window = new BrowserWindow({
    width: 960,
    height: 760,
    minWidth: 640,
    minHeight: 520,
    show: false,
    title: 'HelseID',
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window?.show());
  // the page's <title> would otherwise replace the one that says who is logged in
  window.on('page-title-updated', (event) => event.preventDefault());
  registerIpc(services.dispatch, () => window, log);
  services.controller.onView((view) => {
    sendToWindow(window, 'app:view-changed', view);
    if (window && !window.isDestroyed()) window.setTitle(windowTitle(view));
  });
  window.setTitle(windowTitle(services.controller.view()));
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

function wireSession(services: Exclude<StartedServices, { setupError: unknown }>): void {
  allowExternal = createExternalUrlPolicy(services.authority);
  // the OS screen lock locks the session too, when IT chose 'lock' (same card + PIN to unlock)
  if (services.config.card_removal === 'lock') powerMonitor.on('lock-screen', () => services.controller.lock());
  // and so does leaving the workstation idle, when IT set a limit
  if (services.config.lock_after_idle_minutes !== undefined) {
    setInterval(() => {
      if (shouldLockForIdle(powerMonitor.getSystemIdleTime(), services.config)) services.controller.lock();
    }, IDLE_CHECK_INTERVAL_MS).unref();
  }
}

function bringToFront(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
