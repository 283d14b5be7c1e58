// Playwright against the REAL Electron app. Electron's binary cannot be downloaded on the build
// machines, so here these tests skip — loudly, with the reason, in the run's summary. Where the
// binary is installed (`npx install-electron`), they run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import type { ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvironment } from '../../authority/environment.ts';
import type { EmbeddedEnvironment } from '../../authority/environment.ts';
import { EMBEDDED_ENVIRONMENT_ENV } from '../../src/main/services/embedded-environment.ts';
import { ROOT } from './harness.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';

function installedElectron(): string | undefined {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = installedElectron();
const SKIP_REASON = 'SKIPPED: the Electron binary is not installed (it cannot be downloaded on this machine); run `npx install-electron` where there is internet to run these tests';
if (!binary) process.stderr.write(`\n*** electron-app.test.ts: ${SKIP_REASON} ***\n\n`);

describe('the real Electron app', () => {
  let env: EmbeddedEnvironment | undefined;
  let app: ElectronApplication | undefined;

  beforeAll(async () => {
    if (!binary) return;
    const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-electron-'));
    env = await startEnvironment({ stateDir });
    app = await electron.launch({
      executablePath: binary,
      args: [ROOT],
      env: { ...process.env, HELSEID_DESKTOP_CONFIG: path.join(stateDir, 'no-config.json'), [EMBEDDED_ENVIRONMENT_ENV]: JSON.stringify(env.info), SOFTHSM2_CONF: env.info.softhsm2_conf },
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
    const globals = await page.evaluate(() => ({ require: typeof (globalThis as { require?: unknown }).require, process: typeof (globalThis as { process?: unknown }).process, bridge: Object.keys((window as unknown as { helseid?: object }).helseid ?? {}).sort() }));
    expect(globals.require).toBe('undefined');
    expect(globals.process).toBe('undefined');
    expect(globals.bridge).toContain('login');
  });

  it('cardPresent_isShownInTheRealWindow', async (ctx) => {
    if (!app) return ctx.skip(SKIP_REASON);
    const page = await app.firstWindow();
    await page.locator('li.card', { hasText: 'Kari Nordmann' }).waitFor();
  });
});
