// main.ts cannot run without Electron, so this reads it: each handler the unit tests assert must be
// the one installed. A refactor that drops a line (say, the permission handler) fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const main = readFileSync(path.join(root, 'src/main/app/main.ts'), 'utf8');
const preload = readFileSync(path.join(root, 'src/preload/preload.ts'), 'utf8');
const ipc = readFileSync(path.join(root, 'src/main/app/electron-ipc.ts'), 'utf8');

describe('shell wiring', () => {
  it('main_installsEverySecurityHandler', () => {
    for (const line of [
      'app.enableSandbox()',
      'app.requestSingleInstanceLock()',
      "app.on('second-instance', () => bringToFront())",
      'contents.setWindowOpenHandler(windowOpenHandler)',
      "contents.on('will-navigate', handleWillNavigate)",
      "contents.on('will-redirect', handleWillNavigate)",
      "contents.on('will-attach-webview', handleWillAttachWebview)",
      'setPermissionRequestHandler(permissionRequestHandler)',
      'setPermissionCheckHandler(permissionCheckHandler)',
      'callback({ cancel: shouldBlockRequest(details) })',
      'protocol.handle(APP_SCHEME, createRendererFileHandler(rendererDir))',
      'webPreferences: secureWebPreferences(preloadPath)',
      'allowExternal = createExternalUrlPolicy(services.authority)',
      'window.setTitle(windowTitle(view))',
      'app.setLoginItemSettings(settings)',
      'copyText: (text) => clipboard.writeText(text)',
    ]) {
      expect(main, line).toContain(line);
    }
    expect(main).not.toMatch(/loadFile|file:\/\/|https?:\/\//); // the app is served from app:// only
  });

  it('ipc_checksTheSender_beforeTheRouter', () => {
    expect(ipc).toMatch(/if \(!isTrustedSender\(event, getWindow\(\)\)\)[\s\S]*return dispatch\(channel, payload\)/);
  });

  it('preload_exposesOnlyTheContractBridge', () => {
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(preload).toContain('contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)');
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync)\b|exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
