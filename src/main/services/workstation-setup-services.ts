// What the window runs on while the workstation has a `provisioning` configuration but no client
// yet: the "Sett opp denne arbeidsstasjonen" screen (SetupController), the language switch and the
// diagnostics. After a successful set-up, "Fortsett" builds the whole app with the new client in
// this same process, and from then on every IPC message and view is the app's: the shell and the
// preview wired this object's dispatch and onView once and never notice the switch.
import { AppError } from '../../shared/errors/app-error.ts';
import { userBrowserBinding } from '../auth/browser-binding.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import type { ConfigFile } from '../config/index.ts';
import { memoryPreferences } from '../controller/memory-preferences.ts';
import type { PreferencesPort } from '../controller/ports.ts';
import { buildDiagnostics, formatDiagnostics } from '../diagnostics/diagnostics.ts';
import { createLastErrorLog } from '../diagnostics/last-error.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import { keyStatusOf } from '../diagnostics/key-status-now.ts';
import { SetupController, type SetupControllerDeps } from '../provisioning/setup-controller.ts';
import type { AppServices, WindowServices } from './app-services.ts';
import { languageInPreferences, modeDispatch, OK, viewListeners, windowHandlers } from './mode-router.ts';

export interface WorkstationSetupPorts {
  readonly config: ConfigFile;
  readonly keyRing: KeyRing;
  readonly openExternal: (url: string) => Promise<void>;
  /** builds the app once the workstation has its client (createAppServices with the same ports) */
  readonly createApp: () => Promise<AppServices>;
  readonly fetch?: typeof fetch;
  /** the OS user's environment (their state folder: the browser binding) */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log?: (line: string) => void;
  readonly preferences?: PreferencesPort;
  readonly appVersion?: string;
  readonly copyText?: (text: string) => void;
  /** tests: a scripted runSetup, a smaller RSA key */
  readonly run?: SetupControllerDeps['run'];
  readonly modulusLength?: number;
}

export interface WorkstationSetupServices extends WindowServices {
  readonly mode: 'workstation-setup';
  readonly workstationSetup: SetupController;
  readonly authority: string;
  /** Selvbetjening's web UI: the system browser may open its confirmation page */
  readonly confirmationPageBase: string;
  /** the app, once "Fortsett" has built it */
  app(): AppServices | undefined;
  /** called once the app is built (the Electron shell wires its screen-lock and idle hooks then) */
  onApp(listener: (app: AppServices) => void): () => void;
}

export function createWorkstationSetupServices(ports: WorkstationSetupPorts): WorkstationSetupServices {
  const log = ports.log ?? (() => {});
  log('configuration: provisioning, and this workstation has no HelseID client yet: showing the set-up screen');
  const provisioning = ports.config.provisioning;
  if (!provisioning) throw new AppError('provisioning-not-configured', { detail: { source: 'configuration' } });
  const preferences = ports.preferences ?? memoryPreferences();
  const setup = new SetupController({
    setupDeps: {
      config: ports.config,
      keyRing: ports.keyRing,
      openExternal: ports.openExternal,
      // the confirmation page reaches this OS user's bound browser, or the first one (browser-launch.ts)
      browserBinding: userBrowserBinding(ports.env ?? process.env, log),
      log,
      ...(ports.fetch ? { fetch: ports.fetch } : {}),
      ...(ports.modulusLength ? { modulusLength: ports.modulusLength } : {}),
    },
    ...(ports.run ? { run: ports.run } : {}),
    log,
  });
  let app: AppServices | undefined;
  let continuing: Promise<void> | undefined;
  const views = viewListeners();
  const appListeners = new Set<(built: AppServices) => void>();

  const displayName = (name: string): string => {
    const api = ports.config.apis.find((a) => a.name === name);
    // the portal's scopes are named after it (provisioning/draft-contents.ts): the portal's own name
    return api?.display_name?.[preferences.get().language] ?? (name === 'kjernejournal' ? 'Kjernejournal' : name);
  };
  const view = (): AppView => {
    if (app) return app.controller.view();
    const { apis, ...state } = setup.state();
    return {
      phase: 'workstation-setup',
      language: preferences.get().language,
      authority: ports.config.authority.issuer,
      readers: 0,
      cards: [],
      apis: [],
      units: [],
      workstationSetup: {
        ...state,
        ...(apis ? { apis: apis.map((a) => ({ ...a, displayName: displayName(a.name) })) } : {}),
      },
    };
  };
  // the last error the person saw: a failed set-up (shown in the view) or an IPC call's answer
  const shown = createLastErrorLog();
  setup.onChange(() => {
    const state = setup.state();
    if (state.state === 'failed' && state.error) shown.record(state.error);
    views.emit(view());
  });

  const diagnostics = async () =>
    formatDiagnostics(
      await buildDiagnostics({
        appVersion: ports.appVersion ?? 'development',
        loadConfig: async () => ({ config: ports.config, source: 'provisioning' }),
        cardSnapshot: async () => undefined,
        lastError: shown.last(),
        language: preferences.get().language,
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
        keyStatus: () => keyStatusOf(ports.keyRing.store, provisioning),
      }),
      preferences.get().language,
    );

  const own = modeDispatch({
    served: {
      ...windowHandlers({
        view,
        setLanguage: languageInPreferences(preferences, () => views.emit(view())),
        diagnostics,
        copyText: ports.copyText,
      }),
      'setup:start': async () => {
        // answers once the set-up has begun; its progress and end arrive as views
        void setup.start().catch(() => {});
        if (setup.state().state !== 'running') throw new AppError('setup-in-progress');
        return OK;
      },
      'setup:cancel': async () => {
        setup.cancel();
        return OK;
      },
      'setup:continue': async () => {
        if (setup.state().state !== 'done') throw new AppError('workstation-not-set-up');
        continuing ??= ports
          .createApp()
          .then((built) => {
            app = built;
            built.controller.onView(views.emit);
            for (const listener of appListeners) {
              try {
                listener(built);
              } catch (err) {
                log(`wiring the app after set-up failed: ${(err as Error).name}`);
              }
            }
            views.emit(view());
          })
          .finally(() => {
            continuing = undefined;
          });
        await continuing;
        return OK;
      },
    },
    refusal: () => new AppError('workstation-not-set-up'),
    log,
    onError: shown.record,
  });

  return {
    mode: 'workstation-setup',
    workstationSetup: setup,
    authority: ports.config.authority.issuer,
    confirmationPageBase: provisioning.selvbetjening.web_url,
    app: () => app,
    onApp: (listener) => {
      appListeners.add(listener);
      return () => appListeners.delete(listener);
    },
    // once the app is built, every message is the app's
    dispatch: (channel, payload) => (app ? app.dispatch(channel, payload) : own(channel, payload)),
    controller: { view, onView: views.onView },
    close: async () => {
      setup.cancel();
      await app?.close();
    },
  };
}
