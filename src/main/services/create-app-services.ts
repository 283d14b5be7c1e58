// The whole app, on a configured or provisioned client: card subsystem, HelseID session, app
// controller and IPC router. The Electron shell, the Chromium preview and the end-to-end tests all
// build it through start-app-services.ts (or this function directly) and differ only in the ports.
import { AppError } from '../../shared/errors/app-error.ts';
import { CARD_PIN_RETRY_CODES } from '../../shared/errors/card-errors.ts';
import { userBrowserBinding } from '../auth/browser-binding.ts';
import { createHelseIdClient } from '../auth/helseid-client.ts';
import { cardBindingsFor } from '../auth/card-bindings.ts';
import { realScheduler } from '../auth/scheduler.ts';
import { createPkcs11CardService } from '../card/pkcs11-card-service.ts';
import { resolveConfig, type ConfigFile } from '../config/index.ts';
import { AppController } from '../controller/app-controller.ts';
import { memoryPreferences } from '../controller/memory-preferences.ts';
import { buildDiagnostics, formatDiagnostics } from '../diagnostics/diagnostics.ts';
import { keyStatusNow } from '../diagnostics/key-status-now.ts';
import { createLastErrorLog, latestError } from '../diagnostics/last-error.ts';
import { controllerHandlers } from '../ipc/handlers.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import { keyRingFor, runnableClient, type RunnableClient } from '../provisioning/installation.ts';
import { renewKey } from '../provisioning/key-renewal.ts';
import { createRenewalScheduler } from '../provisioning/renewal-scheduler.ts';
import { createKjernejournalPortal, type PortalService } from '../portals/kjernejournal-portal.ts';
import { keyStoreChoice, type AppPorts, type AppServices } from './app-services.ts';
import { modeDispatch, OK, windowHandlers } from './mode-router.ts';
import { toSettingsView } from './settings-view.ts';

/** The configuration, the key ring and the client that a start-up found runnable. */
export interface RunnableApp {
  readonly fileConfig: ConfigFile;
  readonly source: string;
  readonly keyRing: KeyRing | undefined;
  readonly runnable: RunnableClient;
}

/** Resolves the configuration and builds the app; throws when it cannot run (start-app-services.ts says which screen). */
export async function createAppServices(ports: AppPorts): Promise<AppServices> {
  const env = ports.env ?? process.env;
  const { config: fileConfig, source } = await resolveConfig(env);
  const keyRing = keyRingFor(fileConfig, keyStoreChoice(ports));
  const runnable = await runnableClient(fileConfig, keyRing);
  if (runnable === undefined) throw new AppError('workstation-not-set-up');
  return buildAppServices(ports, { fileConfig, source, keyRing, runnable });
}

export async function buildAppServices(ports: AppPorts, found: RunnableApp): Promise<AppServices> {
  const log = ports.log ?? (() => {});
  const env = ports.env ?? process.env;
  const { fileConfig, source, keyRing, runnable } = found;
  log(`configuration: ${source}`);
  const { config } = runnable;
  const cards =
    ports.cards ??
    createPkcs11CardService({
      modules: config.pkcs11_modules,
      probeDefaults: config.pkcs11_probe_known_paths,
      ...(env.SOFTHSM2_CONF ? { env: { SOFTHSM2_CONF: env.SOFTHSM2_CONF } } : {}),
      ...(ports.launchModule ? { launchModule: ports.launchModule } : {}),
      log,
    });
  const preferences = ports.preferences ?? memoryPreferences();
  // this OS user's browser: kept in their state folder, so it outlives a restart or crash. The HelseID
  // client and the portals hand it what they must (the end-session form, a portal's launch) and only
  // it (auth/hand-off-page.ts).
  const browserBinding = userBrowserBinding(env, log);
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
      createHelseIdClient({
        config,
        openExternal: ports.openExternal,
        cardAuthenticator,
        log,
        // which person each card proved to be, kept for this OS user (login-acceptance.ts)
        cardBindings: cardBindingsFor(config.client.client_id, env, log),
        ...(runnable.loadClientKey ? { loadClientKey: runnable.loadClientKey } : {}),
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
        browserBinding,
      }),
    ...(ports.bringToFront ? { bringToFront: ports.bringToFront } : {}),
    log,
  });
  const session = controller.session;
  // a national portal the card session is handed to (config `portals`): Kjernejournal
  const portal: PortalService | undefined = config.portals.kjernejournal
    ? createKjernejournalPortal({
        config,
        tokens: session.portals,
        hprAuthorizations: () => session.hprAuthorizations(),
        binding: browserBinding,
        openExternal: ports.openExternal,
        ...(ports.appVersion ? { appVersion: ports.appVersion } : {}),
        log,
      })
    : undefined;
  if (portal) controller.attachPortal(portal);
  const provisioning = keyRing ? fileConfig.provisioning : undefined;
  // a provisioned client renews its own key: at start-up, when due (or daily), with backoff on failure
  const renewal =
    keyRing && provisioning
      ? createRenewalScheduler({
          keyRing,
          renewal: provisioning.renewal,
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
  void session.prepare();
  // errors an IPC call answers the window with directly (not through the view) count as seen too
  const answered = createLastErrorLog();
  // the same report as the CLI's doctor, from the running services (no second card scan)
  const diagnostics = async () =>
    formatDiagnostics(
      await buildDiagnostics({
        appVersion: ports.appVersion ?? 'development',
        loadConfig: async () => ({ config, source }),
        cardSnapshot: async () => cards.snapshot(),
        lastError: latestError(controller.lastError(), answered.last()),
        language: preferences.get().language,
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
        // read from the store now: a renewal by `key renew` while the app runs shows its new kid at once
        keyStatus: () => keyStatusNow(keyRing ? fileConfig : undefined, keyStoreChoice(ports)),
      }),
      preferences.get().language,
    );
  return {
    mode: 'app',
    config,
    configSource: source,
    authority: config.authority.issuer,
    cards,
    controller,
    session,
    preferences,
    dispatch: modeDispatch({
      served: {
        ...controllerHandlers(controller),
        ...windowHandlers({
          view: () => controller.view(),
          setLanguage: (language) => controller.setLanguage(language),
          diagnostics,
          copyText: ports.copyText,
        }),
        'app:get-settings': async () => toSettingsView(config, source),
        // "Fortsett" pressed twice on the set-up screen reaches the app it built: it is there already
        'setup:continue': async () => OK,
      },
      // the workstation is set up already (this app runs on its client)
      refusal: () => new AppError('setup-not-needed', { retriable: false }),
      log,
      onError: answered.record,
    }),
    // Quitting drops every token, machine tokens included; a patient open in a portal is ended first.
    close: async () => {
      renewal?.stop();
      controller.cancelLogin();
      await session.close();
      await portal?.settled();
      await cards.stop();
    },
  };
}
