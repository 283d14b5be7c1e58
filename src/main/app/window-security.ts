// The window's security settings as plain data, so a test can assert every item of Electron's
// security checklist without starting Electron (which cannot run on the build machines).
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://helseid`;

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

/** Only our own pages may be shown; everything else is refused. */
export function isAppUrl(url: string): boolean {
  try {
    return new URL(url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * shell.openExternal is used for two things only: the authorization URL the session built for the
 * configured authority, and https links the app itself made. Anything else is refused.
 */
export function isAllowedExternalUrl(url: string, authority: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const authorityOrigin = new URL(authority).origin;
  if (parsed.origin === authorityOrigin) return true;
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
}
