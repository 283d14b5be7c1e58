// The shell's wiring (src/main/app/shell-wiring.ts) run against a fake Electron: every security
// handler must be installed — on EVERY web contents, will-frame-navigate included — the window must
// be the hardened one on app://, IPC must check the sender before the router, the system browser
// must only open URLs the app built, and 'lock' mode must follow the OS lock and inactivity.
// Electron itself is never loaded. The preload is still read as text (it runs in Chromium only).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type {
  AppLike,
  BrowserWindowLike,
  ElectronLike,
  IpcInvokeEventLike,
  RequestDetailsLike,
  WebContentsLike,
  WindowOptions,
} from '../../../src/main/app/electron-shape.ts';
import { wireShell, type ShellServices } from '../../../src/main/app/shell-wiring.ts';
import { APP_ORIGIN, secureWebPreferences } from '../../../src/main/app/window-security.ts';
import { invokeChannels } from '../../../src/shared/ipc/contract.ts';
import type { AppPorts, AppServices } from '../../../src/main/services/app-services.ts';
import { createWorkstationSetupServices } from '../../../src/main/services/workstation-setup-services.ts';
import { parseConfigText } from '../../../src/main/config/index.ts';
import { KeyRing } from '../../../src/main/keys/key-ring.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const AUTHORITY = 'https://helseid-sts.test.nhn.no';

type Listener = (...args: never[]) => unknown;

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string) {
    return this.listeners.get(event)?.length ?? 0;
  }
}

class FakeWebContents extends FakeEmitter {
  mainFrame = { url: `${APP_ORIGIN}/index.html` };
  windowOpenHandler: (() => { action: 'deny' }) | undefined;
  sent: [string, unknown][] = [];
  setWindowOpenHandler(handler: () => { action: 'deny' }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
}

function preventable(extra: Record<string, unknown> = {}) {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
    ...extra,
  };
}

function fakeElectron(options: { singleInstance?: boolean } = {}) {
  const calls: string[] = [];
  const windows: FakeWindow[] = [];
  const ipcHandlers = new Map<string, (event: IpcInvokeEventLike, payload: unknown) => unknown>();
  let permissionRequest: ((contents: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
  let permissionCheck: (() => boolean) | undefined;
  let beforeRequest: ((details: RequestDetailsLike, cb: (r: { cancel: boolean }) => void) => void) | undefined;
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const opened: string[] = [];
  const copied: string[] = [];
  const powerMonitor = Object.assign(new FakeEmitter(), {
    idleSeconds: 0,
    getSystemIdleTime() {
      return this.idleSeconds;
    },
  });
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));

  class FakeWindow extends FakeEmitter implements BrowserWindowLike {
    readonly webContents = new FakeWebContents();
    readonly titles: string[] = [];
    loaded: string | undefined;
    shown = 0;
    readonly options: WindowOptions;
    constructor(options: WindowOptions) {
      super();
      this.options = options;
      windows.push(this);
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.shown += 1;
    }
    focus() {}
    setTitle(title: string) {
      this.titles.push(title);
    }
    async loadURL(url: string) {
      this.loaded = url;
    }
  }

  const app = Object.assign(new FakeEmitter(), {
    enableSandbox: () => void calls.push('enableSandbox'),
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    quit: () => void calls.push('quit'),
    exit: (code?: number) => void calls.push(`exit ${code}`),
    getVersion: () => '1.2.3',
    whenReady: () => ready,
    setLoginItemSettings: (s: { openAtLogin: boolean }) => void calls.push(`login-item ${s.openAtLogin}`),
  });

  const electron: ElectronLike = {
    app: app as unknown as AppLike,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel, listener) => void ipcHandlers.set(channel, listener) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h) => void (permissionRequest = h),
        setPermissionCheckHandler: (h) => void (permissionCheck = h),
        webRequest: { onBeforeRequest: (l) => void (beforeRequest = l) },
      },
    },
    shell: { openExternal: async (url) => void opened.push(url) },
    protocol: {
      registerSchemesAsPrivileged: (schemes) => void calls.push(`privileged ${JSON.stringify(schemes)}`),
      handle: (scheme, handler) => void protocolHandlers.set(scheme, handler),
    },
    powerMonitor: powerMonitor as unknown as ElectronLike['powerMonitor'],
    net: { fetch: async () => new Response('from net.fetch') },
    clipboard: { writeText: (text) => void copied.push(text) },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => false,
      encryptStringAsync: async () => Buffer.alloc(0),
      decryptStringAsync: async () => ({ shouldReEncrypt: false, result: '' }),
    },
  };
  return {
    electron,
    app,
    calls,
    windows,
    ipcHandlers,
    protocolHandlers,
    opened,
    copied,
    powerMonitor,
    resolveReady,
    get permissionRequest() {
      return permissionRequest;
    },
    get permissionCheck() {
      return permissionCheck;
    },
    get beforeRequest() {
      return beforeRequest;
    },
  };
}

const view = (phase: string) => ({ phase, language: 'nb' }) as unknown as AppView;

function fakeServices(
  kind: 'session' | 'setup-error',
  config: { card_removal: 'logout' | 'lock'; lock_after_idle_minutes?: number } = { card_removal: 'logout' },
) {
  const viewListeners: ((v: AppView) => void)[] = [];
  const dispatched: [string, unknown][] = [];
  const base = {
    dispatch: async (channel: string, payload: unknown) => {
      dispatched.push([channel, payload]);
      return { ok: true, value: null };
    },
    controller: {
      view: () => view('logged-out'),
      onView: (l: (v: AppView) => void) => viewListeners.push(l),
      lock: vi.fn(),
    },
    close: vi.fn(async () => {}),
  };
  const services = (kind === 'session'
    ? { ...base, mode: 'app', authority: AUTHORITY, config }
    : { ...base, mode: 'setup-error', setupError: { code: 'config-invalid' } }) as unknown as ShellServices;
  return { services, dispatched, viewListeners, lock: base.controller.lock, close: base.close, base };
}

async function started(
  kind: 'session' | 'setup-error' = 'session',
  config?: Parameters<typeof fakeServices>[1],
  services?: ShellServices,
) {
  const fake = fakeElectron();
  const s = fakeServices(kind, config);
  if (services) s.services = services;
  let ports: AppPorts | undefined;
  const intervals: { callback: () => void; ms: number }[] = [];
  const shell = wireShell(fake.electron, {
    rendererDir: '/opt/helseid/renderer',
    preloadPath: '/opt/helseid/preload/preload.cjs',
    platform: 'win32',
    log: () => {},
    createPreferences: () => ({ get: () => ({ language: 'nb', startAtLogin: true }), set: () => {} }),
    startServices: async (p) => {
      ports = p;
      return s.services;
    },
    setInterval: (callback, ms) => {
      intervals.push({ callback, ms });
      return { unref: () => {} };
    },
  });
  fake.resolveReady();
  await shell.ready;
  return { ...fake, ...s, ports: ports!, intervals, window: fake.windows[0]! };
}

describe('shell wiring (fake Electron)', () => {
  it('beforeReady_sandboxOnAppSchemePrivileged_andOneInstanceOnly', () => {
    const fake = fakeElectron();
    wireShell(fake.electron, {
      rendererDir: '/r',
      preloadPath: '/p',
      platform: 'linux',
      log: () => {},
      createPreferences: () => ({ get: () => ({ language: 'nb', startAtLogin: false }), set: () => {} }),
      startServices: async () => fakeServices('session').services,
    });
    expect(fake.calls).toContain('enableSandbox');
    expect(fake.calls).toContain('privileged [{"scheme":"app","privileges":{"standard":true,"secure":true}}]');
    for (const event of ['second-instance', 'web-contents-created', 'window-all-closed', 'before-quit'])
      expect(fake.app.count(event), event).toBe(1);
  });

  it('secondInstance_withoutTheLock_quitsAndInstallsNothing', () => {
    const fake = fakeElectron({ singleInstance: false });
    wireShell(fake.electron, {
      rendererDir: '/r',
      preloadPath: '/p',
      platform: 'linux',
      log: () => {},
      createPreferences: () => ({ get: () => ({ language: 'nb', startAtLogin: false }), set: () => {} }),
      startServices: async () => fakeServices('session').services,
    });
    expect(fake.calls).toContain('quit');
    expect(fake.app.count('web-contents-created')).toBe(0);
  });

  it('everyWebContents_getsEveryNavigationHandler_includingWillFrameNavigate', async () => {
    const s = await started();
    const all = [s.window.webContents, new FakeWebContents(), new FakeWebContents()];
    for (const contents of all.slice(1)) s.app.emit('web-contents-created', {}, contents as unknown as WebContentsLike);
    s.app.emit('web-contents-created', {}, s.window.webContents as unknown as WebContentsLike);
    for (const contents of all) {
      expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
      for (const event of ['will-navigate', 'will-redirect']) {
        const foreign = preventable();
        const own = preventable();
        contents.emit(event, foreign, 'https://evil.example/');
        contents.emit(event, own, `${APP_ORIGIN}/index.html`);
        expect({ event, foreign: foreign.prevented, own: own.prevented }).toEqual({ event, foreign: true, own: false });
      }
      const frameForeign = preventable({ url: 'https://evil.example/frame' });
      const frameOwn = preventable({ url: `${APP_ORIGIN}/index.html` });
      contents.emit('will-frame-navigate', frameForeign);
      contents.emit('will-frame-navigate', frameOwn);
      expect([frameForeign.prevented, frameOwn.prevented]).toEqual([true, false]);
      const webview = preventable();
      contents.emit('will-attach-webview', webview);
      expect(webview.prevented).toBe(true);
    }
  });

  it('onReady_permissionsDenied_andTheWindowMayOnlyRequestAppUrls', async () => {
    const s = await started();
    const granted: boolean[] = [];
    s.permissionRequest!({}, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(s.permissionCheck!()).toBe(false);
    const verdict = (details: RequestDetailsLike) => {
      let cancel: boolean | undefined;
      s.beforeRequest!(details, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict({ url: 'https://evil.example/x', webContentsId: 1 })).toBe(true);
    expect(verdict({ url: `${APP_ORIGIN}/main.js`, webContentsId: 1 })).toBe(false);
    expect(verdict({ url: `${AUTHORITY}/connect/token` })).toBe(false); // main's own net.fetch
    expect([...s.protocolHandlers.keys()]).toEqual(['app']);
    expect((await s.protocolHandlers.get('app')!(new Request(`${APP_ORIGIN}/../../etc/passwd`))).status).toBe(404);
  });

  it('window_isHardened_servedFromApp_andItsTitleFollowsTheView', async () => {
    const s = await started();
    expect(s.windows).toHaveLength(1);
    expect(s.window.options.webPreferences).toEqual(secureWebPreferences('/opt/helseid/preload/preload.cjs'));
    expect(s.window.loaded).toBe(`${APP_ORIGIN}/index.html`);
    const titleEvent = preventable();
    s.window.emit('page-title-updated', titleEvent);
    expect(titleEvent.prevented).toBe(true);
    s.window.emit('ready-to-show');
    expect(s.window.shown).toBe(1);
    s.viewListeners.forEach((l) => l(view('logging-in')));
    expect(s.window.titles.at(-1)).toBe('HelseID — logger inn');
    expect(s.window.webContents.sent.at(-1)?.[0]).toBe('app:view-changed');
    expect(s.calls).toContain('login-item true');
  });

  it('ipc_everyContractChannel_answersOnlyTheWindowsOwnMainFrame', async () => {
    const s = await started();
    expect([...s.ipcHandlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    const contents = s.window.webContents;
    for (const [channel, handler] of s.ipcHandlers) {
      await handler({ sender: contents, senderFrame: contents.mainFrame }, { x: 1 });
      const strangers: IpcInvokeEventLike[] = [
        { sender: new FakeWebContents(), senderFrame: contents.mainFrame },
        { sender: contents, senderFrame: { url: `${APP_ORIGIN}/index.html` } }, // a subframe
        { sender: contents, senderFrame: null },
      ];
      for (const event of strangers)
        expect(await handler(event, {}), channel).toMatchObject({ ok: false, error: { code: 'ipc-unknown-channel' } });
    }
    expect(s.dispatched.map(([c]) => c).sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it('systemBrowser_opensOnlyTheAuthoritysUrls_andTheOtherPortsAreElectrons', async () => {
    const s = await started();
    await expect(s.ports.openExternal('https://evil.example/phish')).rejects.toThrow(/refused/);
    await expect(s.ports.openExternal('file:///etc/passwd')).rejects.toThrow(/refused/);
    await s.ports.openExternal(`${AUTHORITY}/connect/authorize?request_uri=x`);
    expect(s.opened).toEqual([`${AUTHORITY}/connect/authorize?request_uri=x`]);
    s.ports.copyText!('report');
    expect(s.copied).toEqual(['report']);
    expect(await (await s.ports.fetch!(new URL(`${AUTHORITY}/x`))).text()).toBe('from net.fetch');
    expect(s.ports.appVersion).toBe('1.2.3');
    s.app.emit('second-instance');
    expect(s.window.shown).toBe(1); // brought to the front
  });

  it('lockMode_osScreenLockAndInactivity_lockTheSession', async () => {
    const s = await started('session', { card_removal: 'lock', lock_after_idle_minutes: 5 });
    s.powerMonitor.emit('lock-screen');
    expect(s.lock).toHaveBeenCalledTimes(1);
    expect(s.intervals).toHaveLength(1);
    s.powerMonitor.idleSeconds = 60;
    s.intervals[0]!.callback();
    expect(s.lock).toHaveBeenCalledTimes(1);
    s.powerMonitor.idleSeconds = 301;
    s.intervals[0]!.callback();
    expect(s.lock).toHaveBeenCalledTimes(2);
  });

  describe('the set-up screen, then "Fortsett" builds the app in the same process', () => {
    const SELVBETJENING_WEB = 'https://selvbetjening.test.nhn.no';
    /** The real set-up services (the scripted runSetup is our own interface); the app "Fortsett" builds is a fake. */
    function setupThenApp(appConfig: { card_removal: 'logout' | 'lock'; lock_after_idle_minutes?: number }) {
      const config = parseConfigText(
        JSON.stringify({
          authority: { kind: 'helseid-test', issuer: AUTHORITY },
          apis: [
            {
              name: 'person',
              resource: 'nhn:person',
              scopes: ['nhn:person/read'],
              base_url: 'https://person.example.no',
            },
          ],
          provisioning: {
            selvbetjening: { kind: 'test' },
            api_key_path: '/etc/helseid/api-key.txt',
            organization_number: '912345678',
            key_store: { protection: 'file' },
          },
        }),
        'config.json',
      );
      const app = fakeServices('session', appConfig);
      const setup = createWorkstationSetupServices({
        config,
        keyRing: new KeyRing({
          describe: () => ({ protection: 'file', location: '/x', scope: 'account' }),
          read: async () => ({ version: 1, abandonedDrafts: [] }),
          write: async () => {},
        }),
        openExternal: async () => {},
        run: async () => ({
          clientId: 'c1',
          apis: [{ name: 'person', scope: 'nhn:person/read', status: 'ok' }],
          ready: true,
          existing: false,
        }),
        createApp: async () => app.services as unknown as AppServices,
      });
      return { setup, app };
    }
    async function pressFortsett(s: Awaited<ReturnType<typeof started>>) {
      const handler = (channel: string) => (payload: unknown) =>
        s.ipcHandlers.get(channel)!(
          { sender: s.window.webContents, senderFrame: s.window.webContents.mainFrame },
          payload,
        );
      expect(await handler('setup:start')(undefined)).toMatchObject({ ok: true });
      await vi.waitFor(() =>
        expect(s.window.webContents.sent.at(-1)?.[1]).toMatchObject({ workstationSetup: { state: 'done' } }),
      );
      expect(await handler('setup:continue')(undefined)).toMatchObject({ ok: true });
    }

    it('lockMode_afterSetUpAndFortsett_osScreenLockAndInactivityLockTheNewSession', async () => {
      const { setup, app } = setupThenApp({ card_removal: 'lock', lock_after_idle_minutes: 5 });
      const s = await started('session', undefined, setup);
      // on the set-up screen there is no session to lock yet
      expect(s.powerMonitor.count('lock-screen')).toBe(0);
      expect(s.intervals).toHaveLength(0);
      await pressFortsett(s);
      s.powerMonitor.emit('lock-screen');
      expect(app.lock).toHaveBeenCalledTimes(1);
      expect(s.intervals).toHaveLength(1);
      s.powerMonitor.idleSeconds = 301;
      s.intervals[0]!.callback();
      expect(app.lock).toHaveBeenCalledTimes(2);
      // the system browser now follows the app's policy: the authority yes, Selvbetjening's pages no
      await s.ports.openExternal(`${AUTHORITY}/connect/authorize?request_uri=x`);
      await expect(s.ports.openExternal(`${SELVBETJENING_WEB}/confirm-client/c1`)).rejects.toThrow(/refused/);
    });

    it('logoutMode_afterSetUpAndFortsett_noLockHooks', async () => {
      const { setup } = setupThenApp({ card_removal: 'logout' });
      const s = await started('session', undefined, setup);
      await expect(s.ports.openExternal(`${SELVBETJENING_WEB}/confirm-client/c1`)).resolves.toBeUndefined();
      await pressFortsett(s);
      expect(s.powerMonitor.count('lock-screen')).toBe(0);
      expect(s.intervals).toHaveLength(0);
    });
  });

  it('logoutMode_osScreenLockIsNotWired', async () => {
    const s = await started('session', { card_removal: 'logout' });
    expect(s.powerMonitor.count('lock-screen')).toBe(0);
    expect(s.intervals).toHaveLength(0);
  });

  it('setupError_stillOpensTheHardenedWindow_butOpensNoUrls', async () => {
    const s = await started('setup-error');
    expect(s.window.loaded).toBe(`${APP_ORIGIN}/index.html`);
    expect(s.ipcHandlers.size).toBe(Object.keys(invokeChannels).length);
    await expect(s.ports.openExternal(`${AUTHORITY}/connect/authorize`)).rejects.toThrow(/refused/);
  });

  it('quitting_closesTheServices_andClosingTheLastWindowQuits', async () => {
    const s = await started();
    s.app.emit('before-quit');
    expect(s.close).toHaveBeenCalledTimes(1);
    s.app.emit('window-all-closed');
    expect(s.calls).toContain('quit');
  });

  it('startUpFailure_exitsWithOne', async () => {
    const fake = fakeElectron();
    const shell = wireShell(fake.electron, {
      rendererDir: '/r',
      preloadPath: '/p',
      platform: 'linux',
      log: () => {},
      createPreferences: () => ({ get: () => ({ language: 'nb', startAtLogin: false }), set: () => {} }),
      startServices: async () => {
        throw new Error('bug');
      },
    });
    fake.resolveReady();
    await shell.ready;
    expect(fake.calls).toContain('exit 1');
  });

  it('preload_exposesOnlyTheContractBridge', () => {
    const preload = readFileSync(path.join(root, 'src/preload/preload.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(preload).toContain('contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)');
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync)\b|exposeInMainWorld\([^)]*ipcRenderer/);
  });
});
