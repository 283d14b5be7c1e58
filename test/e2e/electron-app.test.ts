// Playwright against the REAL Electron app. Electron's binary cannot be downloaded on the build
// machines, so here these tests skip — loudly, with the reason, in the run's summary. Where the
// binary is installed (`npx install-electron`), they run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import type { ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvironment } from '../../authority/environment.ts';
import { STRICT_RULES } from '../../authority/rules.ts';
import type { EmbeddedEnvironment } from '../../authority/environment.ts';
import { appEnvFor } from '../../scripts/embedded.ts';
import { ROOT } from './harness.ts';
import { seededStateDir } from '../support/seeded-state.ts';

function installedElectron(): string | undefined {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = installedElectron();
const SKIP_REASON =
  'SKIPPED: the Electron binary is not installed (it cannot be downloaded on this machine); run `npx install-electron` where there is internet to run these tests';
if (!binary) process.stderr.write(`\n*** electron-app.test.ts: ${SKIP_REASON} ***\n\n`);

describe('the real Electron app', () => {
  let env: EmbeddedEnvironment | undefined;
  let app: ElectronApplication | undefined;

  beforeAll(async () => {
    if (!binary) return;
    const stateDir = await seededStateDir('helseid-electron-');
    env = await startEnvironment({ stateDir, rules: STRICT_RULES });
    app = await electron.launch({
      executablePath: binary,
      args: [ROOT],
      env: { ...process.env, HELSEID_DESKTOP_CONFIG: path.join(stateDir, 'no-config.json'), ...appEnvFor(env.info) },
    });
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  it('window_isSandboxed_andHasOnlyTheContractBridge', async (ctx) => {
    if (!app) return ctx.skip(SKIP_REASON);
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://helseid/index.html');
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { helseid?: object }).helseid ?? {}).sort(),
    }));
    expect(globals.require).toBe('undefined');
    expect(globals.process).toBe('undefined');
    expect(globals.bridge).toContain('login');
  });

  it('cardPresent_isShownInTheRealWindow', async (ctx) => {
    if (!app) return ctx.skip(SKIP_REASON);
    const page = await app.firstWindow();
    await page.locator('li.card', { hasText: 'Kari Nordmann' }).waitFor();
  });

  it('window_deniesWindowOpen_navigation_andPermissions', async (ctx) => {
    if (!app) return ctx.skip(SKIP_REASON);
    const page = await app.firstWindow();
    const result = await page.evaluate(async () => {
      const opened = window.open('https://example.com/');
      const notification = await Notification.requestPermission();
      let clipboardRead = 'allowed';
      await navigator.clipboard.readText().catch(() => (clipboardRead = 'denied'));
      return { opened: opened === null, notification, clipboardRead };
    });
    expect(result).toEqual({ opened: true, notification: 'denied', clipboardRead: 'denied' });
    await page.evaluate(() => void (window.location.href = 'https://example.com/')).catch(() => {});
    await page.waitForTimeout(300);
    expect(page.url()).toBe('app://helseid/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  it('window_isServedWithTheStrictCsp_andBlocksRemoteScripts', async (ctx) => {
    if (!app) return ctx.skip(SKIP_REASON);
    const page = await app.firstWindow();
    const blocked = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const script = document.createElement('script');
          script.src = 'https://example.com/x.js';
          script.onerror = () => resolve(true);
          script.onload = () => resolve(false);
          document.head.append(script);
        }),
    );
    expect(blocked).toBe(true);
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(title).toMatch(/^HelseID — /);
  });
});
