// Electron's security checklist, item by item, on the plain functions main.ts installs.
// Electron cannot run here; these run everywhere, so a regression fails CI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  handleWillAttachWebview,
  handleWillNavigate,
  isAppUrl,
  permissionCheckHandler,
  permissionRequestHandler,
  secureWebPreferences,
  shouldBlockRequest,
  windowOpenHandler,
} from '../../../src/main/app/window-security.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const fakeEvent = () => ({ preventDefault: vi.fn() });

describe('window security', () => {
  it('webPreferences_isolateSandboxAndDisableNode', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
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
    });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('csp_isStrict_andTheSameInIndexHtml', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|http:|https:/);
    const html = readFileSync(path.join(root, 'src/renderer/index.html'), 'utf8');
    expect(html).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
    expect(html).not.toMatch(/<script(?![^>]*src="\.\/renderer\.js")/); // no inline script
    expect(html).not.toMatch(/https?:\/\//); // no remote content
  });

  it('appUrl_isOnlyOurOrigin', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    for (const url of [
      'https://helseid-sts.nhn.no/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://helseid.evil/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('willNavigate_toAnotherOrigin_isPrevented', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/callback',
      'file:///C:/Windows/',
      'app://other/',
    ]) {
      const event = fakeEvent();
      handleWillNavigate(event, url);
      expect(event.preventDefault, url).toHaveBeenCalledOnce();
    }
  });

  it('willNavigate_withinTheApp_isAllowed', () => {
    const event = fakeEvent();
    handleWillNavigate(event, `${APP_ORIGIN}/index.html#settings`);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('windowOpen_isAlwaysDenied', () => {
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
  });

  it('webviewAttach_isPrevented', () => {
    const event = fakeEvent();
    handleWillAttachWebview(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('permissionRequests_areDenied_andChecksAnswerFalse', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn();
      permissionRequestHandler({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    expect(permissionCheckHandler()).toBe(false);
  });

  it('windowRequests_toAnythingButTheApp_areBlocked_mainsOwnFetchIsNot', () => {
    expect(shouldBlockRequest({ url: 'https://cdn.example.com/x.js', webContentsId: 1 })).toBe(true);
    expect(shouldBlockRequest({ url: 'http://127.0.0.1:3000/', webContentsId: 1 })).toBe(true);
    expect(shouldBlockRequest({ url: `${APP_ORIGIN}/renderer.js`, webContentsId: 1 })).toBe(false);
    expect(shouldBlockRequest({ url: 'https://helseid-sts.nhn.no/connect/token' })).toBe(false);
  });
});
