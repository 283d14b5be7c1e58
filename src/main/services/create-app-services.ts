// The composition root of the plain-Node services: configuration, card subsystem, HelseID session,
// app controller and IPC router. The Electron shell, the Chromium preview and the end-to-end tests
// all build the app through this one function and differ only in the ports they pass.
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import { CARD_PIN_RETRY_CODES } from '../../shared/errors/card-errors.ts';
import { createHelseIdClient } from '../auth/helseid-client.ts';
import type { HelseIdClient } from '../auth/helseid-client.ts';
import type { CardService } from '../card/card-service.ts';
import { createPkcs11CardService } from '../card/pkcs11-card-service.ts';
import {
  configFilePath,
  configFromEnvironmentInfo,
  loadConfigFile,
  PROVISIONING_ENV,
  provisioningConfigFromEnvironmentInfo,
} from '../config/index.ts';
import type { ConfigFile, HelseIdConfig } from '../config/index.ts';
import { keyRingFor, runnableClient, type OsKeyStoreFactory } from '../provisioning/installation.ts';
import { realScheduler } from '../auth/scheduler.ts';
import { formatKeyStatus } from '../cli/commands/key.ts';
import { renewKey } from '../provisioning/key-renewal.ts';
import { keyStatus } from '../provisioning/key-status.ts';
import { createRenewalScheduler } from '../provisioning/renewal-scheduler.ts';
import { AppController } from '../controller/app-controller.ts';
import { memoryPreferences } from '../controller/memory-preferences.ts';
import type { PreferencesPort } from '../controller/ports.ts';
import { createIpcHandlers } from '../ipc/handlers.ts';
import { createIpcRouter } from '../ipc/ipc-router.ts';
import type { IpcDispatch } from '../ipc/ipc-router.ts';
import { embeddedEnvironmentFromEnv } from './embedded-environment.ts';
import { toSettingsView } from './settings-view.ts';
import { buildDoctorReport, formatDoctorReport } from '../diagnostics/doctor-report.ts';
import { createLastErrorLog, latestError } from '../diagnostics/last-error.ts';
import { createSetupErrorServices, SETUP_ERROR_CODES } from './setup-error-services.ts';
import type { SetupErrorServices } from './setup-error-services.ts';
import { createWorkstationSetupServices, type WorkstationSetupServices } from './workstation-setup-services.ts';

export interface AppPorts {
  /** the system browser: shell.openExternal in Electron, a new tab in the preview */
  openExternal(url: string): Promise<void>;
  fetch?: typeof fetch;
  bringToFront?: () => void;
  log?: (line: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  /** replaces the PKCS#11 card service (a scripted fake, for what SoftHSM cannot do) */
  cards?: CardService;
  /** per-user preferences: electron-store in Electron; in memory when absent */
  preferences?: PreferencesPort;
  /** shown in the diagnostics report (Electron: app.getVersion()) */
  appVersion?: string;
  /** the OS clipboard (Electron's clipboard.writeText); without it the window copies by itself */
  copyText?: (text: string) => void;
  /** the OS-protected key store (Electron's safeStorage) for a provisioned client; plain Node has none */
  osKeyStore?: OsKeyStoreFactory;
}

export interface AppServices {
  readonly config: HelseIdConfig;
  readonly configSource: string;
  readonly authority: string;
  readonly cards: CardService;
  readonly controller: AppController;
  /** the HelseID client behind the controller (tests check that card removal emptied it) */
  readonly session: HelseIdClient;
  readonly preferences: PreferencesPort;
  readonly dispatch: IpcDispatch;
  close(): Promise<void>;
}

export async function resolveConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ config: ConfigFile; source: string }> {
  const file = configFilePath(process.platform, env);
  const loaded = await loadConfigFile(file);
  if (loaded.source === 'file') return { config: loaded.config, source: loaded.path };
  const info = embeddedEnvironmentFromEnv(env);
  // HELSEID_DESKTOP_PROVISIONING=1: the embedded environment as a workstation that sets itself up
  if (info?.selvbetjening && env[PROVISIONING_ENV] === '1')
    return { config: provisioningConfigFromEnvironmentInfo(info), source: 'embedded environment (provisioning)' };
  if (info) return { config: configFromEnvironmentInfo(info), source: 'embedded environment' };
  throw new AppError('no-configuration', { detail: { file } });
}

/**
 * What a window runs on: the whole app, the "Feil i oppsettet" screen (configuration unusable), or
 * the "Sett opp denne arbeidsstasjonen" screen (provisioning configured, no client yet).
 */
export type StartedServices = AppServices | SetupErrorServices | WorkstationSetupServices;

export function isSetupError(services: StartedServices): services is SetupErrorServices {
  return 'setupError' in services;
}

export function isWorkstationSetup(services: StartedServices): services is WorkstationSetupServices {
  return 'workstationSetup' in services;
}

/**
 * Like createAppServices, but a configuration error opens the window on the setup-error screen
 * (naming file, field and what is expected) instead of ending start-up in silence.
 */
export async function startAppServices(ports: AppPorts): Promise<StartedServices> {
  // one preferences store for the set-up screen and the app it leads to (the language carries over)
  if (!ports.preferences) ports = { ...ports, preferences: memoryPreferences() };
  try {
    return await createAppServices(ports);
  } catch (error) {
    if (!isAppError(error) || !SETUP_ERROR_CODES.includes(error.code)) throw error;
    if (error.code === 'workstation-not-set-up') {
      const env = ports.env ?? process.env;
      const { config } = await resolveConfig(env);
      const keyRing = keyRingFor(config, { env, ...(ports.osKeyStore ? { osKeyStore: ports.osKeyStore } : {}) });
      if (keyRing) {
        return createWorkstationSetupServices({
          config,
          keyRing,
          openExternal: ports.openExternal,
          createApp: () => createAppServices(ports),
          ...(ports.fetch ? { fetch: ports.fetch } : {}),
          ...(ports.log ? { log: ports.log } : {}),
          ...(ports.preferences ? { preferences: ports.preferences } : {}),
          ...(ports.appVersion ? { appVersion: ports.appVersion } : {}),
          ...(ports.copyText ? { copyText: ports.copyText } : {}),
        });
      }
    }
    return createSetupErrorServices(error, {
      ...(ports.log ? { log: ports.log } : {}),
      ...(ports.preferences ? { preferences: ports.preferences } : {}),
      ...(ports.appVersion ? { appVersion: ports.appVersion } : {}),
      ...(ports.copyText ? { copyText: ports.copyText } : {}),
    });
  }
}

export async function createAppServices(ports: AppPorts): Promise<AppServices> {
  const log = ports.log ?? (() => {});
  const env = ports.env ?? process.env;
  const { config: fileConfig, source } = await resolveConfig(env);
  log(`configuration: ${source}`);
  const keyRing = keyRingFor(fileConfig, { env, ...(ports.osKeyStore ? { osKeyStore: ports.osKeyStore } : {}) });
  const runnable = await runnableClient(fileConfig, keyRing);
  if (runnable === undefined) throw new AppError('workstation-not-set-up');
  const { config } = runnable;
  const cards =
    ports.cards ??
    createPkcs11CardService({
      modules: config.pkcs11_modules,
      probeDefaults: config.pkcs11_probe_known_paths,
      ...(env.SOFTHSM2_CONF ? { env: { SOFTHSM2_CONF: env.SOFTHSM2_CONF } } : {}),
      log,
    });
  const preferences = ports.preferences ?? memoryPreferences();
  let session: HelseIdClient | undefined;
  const controller = new AppController({
    cards,
    authority: config.authority.issuer,
    cardRemoval: config.card_removal,
    units: config.organizations,
    apiLabels: Object.fromEntries(
      config.apis.map((api) => [
        api.name,
        {
          ...(api.display_name ? { displayName: api.display_name } : {}),
          ...(api.purpose ? { purpose: api.purpose } : {}),
        },
      ]),
    ),
    preferences,
    pinRetryCodes: CARD_PIN_RETRY_CODES,
    signWithCard: (cardId, pin, challenge) => cards.createWebEidAuthToken(cardId, pin, challenge),
    signLocalChallenge: (cardId, pin, data) => cards.signLocalChallenge(cardId, pin, data),
    createSession: (cardAuthenticator) =>
      (session = createHelseIdClient({
        config,
        openExternal: ports.openExternal,
        cardAuthenticator,
        log,
        ...(runnable.loadClientKey ? { loadClientKey: runnable.loadClientKey } : {}),
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
      })),
    ...(ports.bringToFront ? { bringToFront: ports.bringToFront } : {}),
    log,
  });
  // a provisioned client renews its own key: at start-up, when due (or daily), with backoff on failure
  const renewal =
    keyRing && fileConfig.provisioning
      ? createRenewalScheduler({
          keyRing,
          renewal: fileConfig.provisioning.renewal,
          scheduler: realScheduler,
          clock: Date.now,
          log,
          renew: () => renewKey({ config: fileConfig, keyRing, log, ...(ports.fetch ? { fetch: ports.fetch } : {}) }),
        })
      : undefined;
  void renewal?.start();
  await cards.start();
  controller.start();
  // discovery and the client key before anyone logs in: the first login then waits for neither
  void session!.prepare();
  // errors an IPC call answers the window with directly (not through the view) count as seen too
  const answered = createLastErrorLog();
  // the same report as the CLI's doctor, from the running services (no second card scan)
  const diagnostics = async () =>
    formatDoctorReport(
      await buildDoctorReport({
        appVersion: ports.appVersion ?? 'development',
        loadConfig: async () => ({ config, source }),
        cardSnapshot: async () => cards.snapshot(),
        lastError: latestError(controller.lastError(), answered.last()),
        language: preferences.get().language,
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
      }),
      preferences.get().language,
    ) +
    (keyRing && fileConfig.provisioning
      ? `\n${formatKeyStatus(keyStatus(await keyRing.document(), keyRing.store.describe(), fileConfig.provisioning.renewal, Date.now()), preferences.get().language)}`
      : '');
  const copyText = ports.copyText;
  return {
    config,
    configSource: source,
    authority: config.authority.issuer,
    cards,
    controller,
    session: session!,
    preferences,
    dispatch: createIpcRouter(
      createIpcHandlers(controller, {
        settings: () => toSettingsView(config, source),
        diagnostics,
        ...(copyText ? { copyDiagnostics: async () => copyText(await diagnostics()) } : {}),
      }),
      log,
      { onError: answered.record },
    ),
    // Quitting drops every token, machine tokens included.
    close: async () => {
      renewal?.stop();
      controller.cancelLogin();
      await session?.close();
      await cards.stop();
    },
  };
}
