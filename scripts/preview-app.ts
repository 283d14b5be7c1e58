// Runs the app without Electron: the real main-process services in this Node process, the real
// renderer in Debian's Chromium under Playwright, joined by the same typed IPC contract.
// - the renderer is served read-only from dist/renderer on a loopback port (static files only);
// - `window.helseid` is built by dist/preview/bridge.js from the contract, exactly as the preload
//   builds it, over a binding exposed to the app page only (not to the browser tabs);
// - the "system browser" is a new tab in the same Chromium context, opened as the OS opens a URL
//   (a new tab whose only history entry is that URL, not a script's window: Target.createTarget), so
//   a page may close its own tab exactly where a real browser would let it.
// Used by `npm run preview` and by the end-to-end tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { isSetupError, isWorkstationSetup, startAppServices } from '../src/main/services/start-app-services.ts';
import type { StartedServices } from '../src/main/services/start-app-services.ts';
import type { AppPorts, AppServices } from '../src/main/services/app-services.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export interface PreviewApp {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly appPage: Page;
  /** the running app; throws when the app started on the setup-error screen (see `started`) */
  readonly services: AppServices;
  /** what the window runs on: the app, the setup-error screen's or the set-up screen's services */
  readonly started: StartedServices;
  readonly appUrl: string;
  /** tabs the app opened as its "system browser", newest last */
  readonly browserTabs: Page[];
  close(): Promise<void>;
}

export interface PreviewOptions {
  root: string;
  headless: boolean;
  env: Record<string, string | undefined>;
  cards?: AppPorts['cards'];
  log?: (line: string) => void;
  /**
   * what happens between the app handing a URL to the OS and the browser loading it: an e2e test
   * puts the URL on a real process's command line and lets another OS user race the browser
   */
  beforeBrowserLoads?: (url: string) => Promise<void>;
  /** a Chromium already running (tests that start many apps): its own context per app, the browser stays open */
  browser?: Browser;
  /**
   * the OS user's browser, apart from the app's window and outliving it (with `browser`): HelseID's
   * cookie stays in it when the app quits, as in a real browser — for a quit and a new run. Without
   * it the app's tabs open beside its window and go with it.
   */
  systemBrowser?: BrowserContext;
}

export async function startPreviewApp(options: PreviewOptions): Promise<PreviewApp> {
  const log = options.log ?? (() => {});
  const rendererDir = path.join(options.root, 'dist', 'renderer');
  const server = await serveStatic(rendererDir);
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
  log('starting chromium');
  const browser =
    options.browser ??
    (await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: options.headless,
      args: CHROMIUM_ARGS,
    }));
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 960, height: 760 } });
  const browserTabs: Page[] = [];
  const page = await context.newPage();
  const openTab = options.systemBrowser
    ? await tabOpener(browser, options.systemBrowser, await firstPage(options.systemBrowser))
    : await tabOpener(browser, context, page);

  const services = await startAppServices({
    env: options.env,
    log,
    ...(options.cards ? { cards: options.cards } : {}),
    openExternal: async (url) => {
      await options.beforeBrowserLoads?.(url);
      const tab = await openTab(url);
      browserTabs.push(tab);
      await tab
        .waitForLoadState()
        .catch((error: unknown) =>
          log(`browser tab: ${error instanceof Error ? error.message.split('\n')[0] : 'navigation failed'}`),
        );
    },
    bringToFront: () => void page.bringToFront(),
  });

  await page.exposeBinding('__helseidPreviewInvoke', (source, channel: unknown, payload: unknown) => {
    // Only the app page's main frame may talk to main, as in Electron's sender check.
    if (source.page !== page || source.frame !== page.mainFrame())
      return { ok: false, error: { code: 'ipc-unknown-channel', retriable: false } };
    return services.dispatch(channel, payload);
  });
  await page.addInitScript({ path: path.join(options.root, 'dist', 'preview', 'bridge.js') });
  services.controller.onView((view) => {
    void page
      .evaluate(
        ([channel, payload]) =>
          (window as unknown as { __helseidPreviewEmit?: (c: string, p: unknown) => void }).__helseidPreviewEmit?.(
            channel as string,
            payload,
          ),
        ['app:view-changed', view] as const,
      )
      .catch(() => {});
  });
  await page.goto(appUrl);

  return {
    browser,
    context,
    appPage: page,
    get services(): AppServices {
      if (isWorkstationSetup(services)) {
        const app = services.app();
        if (!app) throw new Error('the app is still on the set-up screen (the workstation has no client yet)');
        return app;
      }
      if (isSetupError(services))
        throw new Error(`the app started on the setup-error screen (${services.setupError.code})`);
      return services;
    },
    started: services,
    appUrl,
    browserTabs,
    close: async () => {
      await services.close().catch(() => {});
      if (options.browser) await context.close().catch(() => {});
      else await browser.close().catch(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** a page the browser context already has (its first window), or a blank one */
async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/**
 * Opens a URL in a new tab the way the OS hands one to the browser: the tab starts ON the URL (one
 * history entry, no opener). Playwright's newPage() + goto() would leave an about:blank entry
 * before it, and then no page could ever close its own tab. One at a time, so each new page event
 * belongs to the tab just asked for.
 */
export async function tabOpener(browser: Browser, context: BrowserContext, anyPage: Page) {
  const cdp = await browser.newBrowserCDPSession();
  const probe = await context.newCDPSession(anyPage);
  const { targetInfo } = (await probe.send('Target.getTargetInfo')) as { targetInfo: { browserContextId: string } };
  await probe.detach();
  let queue: Promise<unknown> = Promise.resolve();
  return (url: string): Promise<Page> => {
    const opened = queue.then(async () => {
      const next = context.waitForEvent('page');
      await cdp.send('Target.createTarget', { url, browserContextId: targetInfo.browserContextId });
      return next;
    });
    queue = opened.catch(() => {});
    return opened;
  };
}

async function serveStatic(dir: string) {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.map': 'application/json',
  };
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.normalize(path.join(dir, decodeURIComponent(pathname)));
    if (req.method !== 'GET' || !file.startsWith(dir + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res
        .writeHead(200, {
          'content-type': types[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
