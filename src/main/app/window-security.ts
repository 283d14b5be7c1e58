// The window's security settings and event handlers as plain data and plain functions, so a unit
// test can assert every item of Electron's security checklist with fake event objects, without
// starting Electron (which cannot run on the build machines). main.ts only wires them up.
export const APP_SCHEME = 'app';
const APP_HOST = 'helseid';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: process.env.HELSEID_DESKTOP_DEVTOOLS === '1',
  } as const;
}

/** The Content-Security-Policy sent with every app:// response (and repeated in index.html). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Only our own pages may be shown; everything else is refused. Compared by scheme and host, not
 * by `origin`: Node's URL (which main uses) does not know that Electron registered app: as a
 * standard scheme and reports the origin of every app:// URL as "null".
 */
export function isAppUrl(url: string): boolean {
  const parsed = URL.parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate, will-redirect, will-frame-navigate: the window never leaves the app. */
export function handleWillNavigate(event: PreventableEvent, url: string): void {
  if (!isAppUrl(url)) event.preventDefault();
}

/** window.open and target=_blank: no new windows, ever (links the app opens go through main). */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' };
}

/** <webview> is off in webPreferences; refuse an attach anyway in case a setting regresses. */
export function handleWillAttachWebview(event: PreventableEvent): void {
  event.preventDefault();
}

/** Camera, microphone, notifications, geolocation, clipboard-read …: the window needs none. */
export function permissionRequestHandler(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function permissionCheckHandler(): boolean {
  return false;
}

/**
 * Requests the window makes (webRequest.onBeforeRequest): only app:// (and devtools when enabled).
 * Requests without a webContentsId come from main's own net.fetch (HelseID, the APIs) and pass.
 */
export function shouldBlockRequest(details: { url: string; webContentsId?: number | undefined }): boolean {
  if (details.webContentsId === undefined) return false;
  const protocol = URL.parse(details.url)?.protocol;
  return !(isAppUrl(details.url) || protocol === 'devtools:');
}
