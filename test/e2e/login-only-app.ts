// Starts the app like harness.ts does, but with a configuration FILE that lists no APIs (the
// "login only" pattern): the embedded environment in a fresh state folder, a config.json written
// there and named by HELSEID_DESKTOP_CONFIG, and the preview app on real main-process services.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEnvironment, type EmbeddedEnvironment } from '../../authority/environment.ts';
import { startPreviewApp, type PreviewApp } from '../../scripts/preview-app.ts';
import { ROOT, SCREENSHOTS } from './harness.ts';

/** Its own shape (not harness.ts's E2eApp, which grows with other tests' needs). */
export interface LoginOnlyApp {
  env: EmbeddedEnvironment;
  app: PreviewApp;
  stateDir: string;
  configFile: string;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startLoginOnlyApp(): Promise<LoginOnlyApp> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-e2e-login-only-'));
  const env = await startEnvironment({ stateDir });
  const client = env.info.clients[0]!;
  const configFile = path.join(stateDir, 'config.json');
  await writeFile(configFile, JSON.stringify({
    authority: { kind: 'embedded', issuer: env.info.authority },
    client: { client_id: client.client_id, private_jwk_path: client.private_jwk_path },
    apis: [],
    pkcs11_modules: [env.info.pkcs11_module],
  }, null, 2));
  const app = await startPreviewApp({
    root: ROOT,
    headless: true,
    ...(process.env.E2E_DEBUG ? { log: (line: string) => process.stderr.write(`[app] ${line}\n`) } : {}),
    env: { ...process.env, HELSEID_DESKTOP_CONFIG: configFile, SOFTHSM2_CONF: env.info.softhsm2_conf },
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    env,
    app,
    stateDir,
    configFile,
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
