// The Electron shell: the only place (with the electron-*.ts adapters) that imports `electron`.
// It wires the plain-Node services (createAppServices) to a hardened window and to the OS:
// shell.openExternal as the system browser, net.fetch for the OS proxy and certificate store,
// single-instance lock, and bringing the window to the front when a login completes.
import { app, BrowserWindow, net, protocol, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../services/create-app-services.ts';
import type { AppServices } from '../services/create-app-services.ts';
import { registerIpc, sendToWindow } from './electron-ipc.ts';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isAppUrl, secureWebPreferences } from './window-security.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'preload.cjs');
const log = (line: string) => process.stderr.write(`[main] ${line}\n`);

let window: BrowserWindow | undefined;
let services: AppServices | undefined;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => bringToFront());
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void services?.close());
  void app.whenReady().then(start).catch((error: unknown) => {
    log(`start-up failed: ${error instanceof Error ? error.name : typeof error}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, serveRendererFile);

  services = await createAppServices({
    // Electron's net.fetch goes through Chromium's network stack: the OS proxy (clinic networks
    // often need HelseID's PAC file) and the OS certificate store.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
    openExternal: async (url) => {
      if (!services || !isAllowedExternalUrl(url, services.authority)) throw new Error('refused to open an URL the app did not build');
      await shell.openExternal(url);
    },
    bringToFront,
    log,
  });

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
  registerIpc(services.dispatch, () => window, log);
  services.controller.onView((view) => sendToWindow(window, 'app:view-changed', view));
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

async function serveRendererFile(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const file = path.normalize(path.join(rendererDir, decodeURIComponent(pathname)));
  if (!file.startsWith(rendererDir + path.sep)) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, { headers: { 'content-type': contentType(file), 'content-security-policy': CONTENT_SECURITY_POLICY } });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

function contentType(file: string): string {
  if (file.endsWith('.html')) return 'text/html; charset=utf-8';
  if (file.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (file.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'application/octet-stream';
}

function bringToFront(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
