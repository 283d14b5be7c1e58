// Starts the whole app for an end-to-end test: the embedded HelseID environment (emulator, demo
// APIs, SoftHSM cards) in a fresh state folder, and the preview app (real main-process services,
// real renderer in Chromium). Nothing is mocked; a test may swap the card service for the scripted
// fake (what SoftHSM cannot do) or write a machine-wide configuration file (card_removal: 'lock').
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeCardToken } from '../../authority/cards/provision.ts';
import { startEnvironment } from '../../authority/environment.ts';
import { STRICT_RULES } from '../../authority/rules.ts';
import type { EmbeddedEnvironment } from '../../authority/environment.ts';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { appEnvFor } from '../../scripts/embedded.ts';
import { startPreviewApp } from '../../scripts/preview-app.ts';
import type { PreviewApp } from '../../scripts/preview-app.ts';
import type { CardService } from '../../src/main/card/card-service.ts';
import { configFromEnvironmentInfo, provisioningConfigFromEnvironmentInfo } from '../../src/main/config/index.ts';
import type { ConfigFileInput } from '../../src/main/config/index.ts';
import type { AppView } from '../../src/shared/ipc/view-schemas.ts';
import { seededStateDir } from '../support/seeded-state.ts';
import { expectNoSeriousA11yViolations } from './axe.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export interface E2eOptions {
  /** replaces the PKCS#11 card service, built once the environment (and its SoftHSM) exists */
  cards?: (env: EmbeddedEnvironment) => CardService;
  /** writes a machine-wide configuration file: the embedded defaults with these changes */
  config?: Partial<ConfigFileInput>;
  /** writes this text as the machine-wide configuration file as it is (a broken one, say) */
  configText?: string;
  /**
   * a workstation that sets itself up: a `provisioning` configuration (the embedded Selvbetjening,
   * key store a file in the state folder) and no client; these are the Selvbetjening's knobs
   */
  provisioning?: NonNullable<Parameters<typeof startEnvironment>[0]>['selvbetjening'];
  /**
   * also the virtual PIV cards over pcscd (env.pcsc): only in the vitest project "pcsc" (one
   * pcscd per machine, fixed reader ports), see test/pcsc/pcsc-harness.ts
   */
  pcsc?: boolean;
  /** between the app handing a URL to the OS and the browser tab loading it (preview-app.ts) */
  beforeBrowserLoads?: (url: string) => Promise<void>;
  /**
   * the next app run on the machine of an earlier one (after it quit or crashed): its environment,
   * configuration and the OS user's state folder, which that one still owns and closes
   */
  sameMachineAs?: E2eApp;
  /** a Chromium already running, and the OS user's browser in it that outlives the app (preview-app.ts) */
  browser?: Browser;
  systemBrowser?: BrowserContext;
}

export interface E2eApp {
  env: EmbeddedEnvironment;
  app: PreviewApp;
  stateDir: string;
  configFile: string;
  screenshot(name: string): Promise<void>;
  /** axe-core on the page as it is now: no serious or critical violations */
  checkA11y(screen: string): Promise<void>;
  /** pulls a SoftHSM card out of its "reader" (deletes the token) */
  pullCard(tokenLabel: string): Promise<void>;
  /**
   * Logs in with a SoftHSM card from the card list and its PIN, in the window's language (`labels`),
   * and waits for the logged-in view. The SoftHSM card only: a PC/SC test elsewhere on the machine may
   * put a virtual PIV copy of it in a reader.
   */
  logInWithCard(holder: string, pin: string, labels?: { logIn: string; pin: string; confirm: string }): Promise<void>;
  /** resolves with main's view once it satisfies the predicate (main's state, not the DOM) */
  waitForView(predicate: (view: AppView) => boolean, timeoutMs?: number): Promise<AppView>;
  close(): Promise<void>;
}

/**
 * One app for the whole test file: started before its first test (handed to `use`), closed after its
 * last — the beforeAll/afterAll pair every plain e2e file had copied.
 */
export function useE2eApp(use: (started: E2eApp) => void, options: E2eOptions = {}): void {
  let started: E2eApp | undefined;
  beforeAll(async () => {
    started = await startE2eApp(options);
    use(started);
  });
  afterAll(async () => {
    await started?.close();
  });
}

export async function startE2eApp(options: E2eOptions = {}): Promise<E2eApp> {
  const earlier = options.sameMachineAs;
  if (earlier) return appOn(earlier.env, earlier.stateDir, earlier.configFile, options, async () => {});
  const stateDir = await seededStateDir('helseid-e2e-');
  const env = await startEnvironment({
    stateDir,
    rules: STRICT_RULES,
    ...(options.provisioning ? { selvbetjening: options.provisioning } : {}),
    ...(options.pcsc ? { pcsc: true } : {}),
  });
  // a configuration file only when asked: otherwise the app must take the embedded environment
  const configFile = path.join(
    stateDir,
    options.config || options.configText !== undefined || options.provisioning ? 'config.json' : 'no-config.json',
  );
  if (options.provisioning) {
    const base = provisioningConfigFromEnvironmentInfo(env.info);
    await writeFile(
      configFile,
      JSON.stringify(
        {
          ...base,
          provisioning: {
            ...base.provisioning,
            key_store: { protection: 'file', scope: 'account', folder: path.join(stateDir, 'workstation-key') },
          },
        },
        null,
        2,
      ),
    );
  }
  if (options.config)
    await writeFile(configFile, JSON.stringify(configFromEnvironmentInfo(env.info, options.config), null, 2));
  if (options.configText !== undefined) await writeFile(configFile, options.configText);
  return appOn(env, stateDir, configFile, options, async () => {
    await env.close();
    await rm(stateDir, { recursive: true, force: true });
  });
}

/** The app on an environment and state folder; `closeMachine` runs after the app is closed. */
async function appOn(
  env: EmbeddedEnvironment,
  stateDir: string,
  configFile: string,
  options: E2eOptions,
  closeMachine: () => Promise<void>,
): Promise<E2eApp> {
  const app = await startPreviewApp({
    root: ROOT,
    headless: true,
    ...(options.cards ? { cards: options.cards(env) } : {}),
    ...(options.beforeBrowserLoads ? { beforeBrowserLoads: options.beforeBrowserLoads } : {}),
    ...(options.browser ? { browser: options.browser } : {}),
    ...(options.systemBrowser ? { systemBrowser: options.systemBrowser } : {}),
    ...(process.env.E2E_DEBUG ? { log: (line: string) => process.stderr.write(`[app] ${line}\n`) } : {}),
    // the OS user's state (the browser binding, card bindings, a provisioned key) in this test's
    // folder, never in $HOME
    env: {
      ...process.env,
      HELSEID_DESKTOP_CONFIG: configFile,
      HELSEID_DESKTOP_STATE_DIR: path.join(stateDir, 'user-state'),
      ...appEnvFor(env.info),
    },
  });
  // a missing element fails in seconds, not after Playwright's 30 s default
  app.appPage.setDefaultTimeout(10_000);
  await mkdir(SCREENSHOTS, { recursive: true });
  const controller = app.started.controller;
  return {
    env,
    app,
    stateDir,
    configFile,
    screenshot: async (name) => {
      await app.appPage.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    checkA11y: (screen) => expectNoSeriousA11yViolations(app.appPage, screen),
    logInWithCard: async (holder, pin, labels = { logIn: 'Logg inn', pin: 'PIN-kode', confirm: 'Bekreft' }) => {
      const page = app.appPage;
      await page
        .locator('li.card[data-card-id^="libsofthsm2"]', { hasText: holder })
        .getByRole('button', { name: `${labels.logIn}: ${holder}` })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(labels.pin).fill(pin);
      await dialog.getByRole('button', { name: labels.confirm }).click();
      await page.locator('[data-screen="logged-in"]').waitFor();
    },
    pullCard: (tokenLabel) =>
      removeCardToken(
        {
          pkcs11Module: env.info.pkcs11_module,
          softhsm2Conf: env.info.softhsm2_conf,
          stateDir: path.join(stateDir, 'cards'),
          cas: [],
          cards: [],
        },
        tokenLabel,
      ),
    waitForView: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (predicate(controller.view())) return resolve(controller.view());
        const timer = setTimeout(() => (off(), reject(new Error('view did not reach the expected state'))), timeoutMs);
        const off = controller.onView((view) => {
          if (!predicate(view)) return;
          clearTimeout(timer);
          off();
          resolve(view);
        });
      }),
    close: async () => {
      await app.close();
      await closeMachine();
    },
  };
}

/**
 * The README's picture: one of the screenshots, copied to docs/ — only when asked
 * (UPDATE_README_SCREENSHOT=1 npm run test:e2e), so that running the tests leaves the tree clean.
 */
export async function publishReadmeScreenshot(name: string): Promise<void> {
  if (process.env.UPDATE_README_SCREENSHOT !== '1') return;
  await mkdir(path.join(ROOT, 'docs'), { recursive: true });
  await copyFile(path.join(SCREENSHOTS, `${name}.png`), path.join(ROOT, 'docs', 'screenshot.png'));
}
