// Starts the whole app for an end-to-end test: the embedded HelseID environment (emulator, demo
// APIs, SoftHSM cards) in a fresh state folder, and the preview app (real main-process services,
// real renderer in Chromium). Nothing is mocked.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEnvironment } from '../../authority/environment.ts';
import type { EmbeddedEnvironment } from '../../authority/environment.ts';
import { startPreviewApp } from '../../scripts/preview-app.ts';
import type { PreviewApp } from '../../scripts/preview-app.ts';
import { EMBEDDED_ENVIRONMENT_ENV } from '../../src/main/services/embedded-environment.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export interface E2eApp {
  env: EmbeddedEnvironment;
  app: PreviewApp;
  stateDir: string;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2eApp(): Promise<E2eApp> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-e2e-'));
  const env = await startEnvironment({ stateDir });
  const app = await startPreviewApp({
    root: ROOT,
    headless: true,
    ...(process.env.E2E_DEBUG ? { log: (line: string) => process.stderr.write(`[app] ${line}\n`) } : {}),
    env: {
      ...process.env,
      // never pick up a machine-wide configuration file from the test machine
      HELSEID_DESKTOP_CONFIG: path.join(stateDir, 'no-config.json'),
      [EMBEDDED_ENVIRONMENT_ENV]: JSON.stringify(env.info),
      SOFTHSM2_CONF: env.info.softhsm2_conf,
    },
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    env,
    app,
    stateDir,
    screenshot: async (name) => {
      await app.appPage.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await app.close();
      await env.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
