// What the window runs on when the machine's configuration cannot be used: no cards, no HelseID,
// only a "Feil i oppsettet" screen naming the file, the field and what is expected, the language
// switch and the diagnostics report (the same report `doctor` prints). Start-up never ends in
// silence: the person sees what is wrong and IT gets the details one click away.
import { AppError } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { SetupErrorView } from '../../shared/ipc/view-schemas.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { memoryPreferences } from '../controller/memory-preferences.ts';
import type { PreferencesPort } from '../controller/ports.ts';
import { buildDiagnostics, formatDiagnostics } from '../diagnostics/diagnostics.ts';
import { configurationError } from '../diagnostics/doctor-report.ts';
import { keyStoreChoice, type WindowServices } from './app-services.ts';
import { resolveConfig, type ConfigFile } from '../config/index.ts';
import { keyStatusNow } from '../diagnostics/key-status-now.ts';
import type { OsKeyStoreFactory } from '../provisioning/installation.ts';
import { languageInPreferences, modeDispatch, viewListeners, windowHandlers } from './mode-router.ts';

/** The codes that mean "the configuration, not the app, is the problem". */
export const SETUP_ERROR_CODES: readonly string[] = [
  'invalid-config',
  'no-configuration',
  // the workstation's own client (provisioning): not set up yet, its key expired, its key store unusable
  'workstation-not-set-up',
  'client-key-expired',
  'key-store-unavailable',
  'key-store-app-only',
  'key-store-app-only-empty',
  'key-store-corrupt',
  // a key file the app cannot use (missing, a link, a FIFO, readable by others …): its finding names it
  'client-key-invalid',
];

export interface SetupErrorPorts {
  /** where the configuration is looked for: Feilsøking reads the machine as `doctor` does, now */
  env?: Readonly<Record<string, string | undefined>>;
  osKeyStore?: OsKeyStoreFactory;
  log?: (line: string) => void;
  preferences?: PreferencesPort;
  appVersion?: string;
  copyText?: (text: string) => void;
}

export interface SetupErrorServices extends WindowServices {
  readonly mode: 'setup-error';
  readonly setupError: SetupErrorView;
}

/** The non-secret parts of a configuration error (the loader puts only file, field and problem in detail). */
export function toSetupErrorView(error: ErrorData): SetupErrorView {
  const d = error.detail ?? {};
  const text = (key: string) => (typeof d[key] === 'string' ? { [key]: d[key] as string } : {});
  return {
    ...configurationError(error.code, error.detail),
    ...text('finding'),
    ...text('mode'),
    ...text('owner'),
    ...text('fix'),
  };
}

export function createSetupErrorServices(error: AppError, ports: SetupErrorPorts = {}): SetupErrorServices {
  const log = ports.log ?? (() => {});
  const setupError = toSetupErrorView(error.toData());
  // the process log names the code and the field, so a log collector sees why the app cannot work
  log(
    `configuration error: ${setupError.code}${setupError.field ? ` at ${setupError.field}` : ''}${setupError.file ? ` in ${setupError.file}` : ''}`,
  );
  const preferences = ports.preferences ?? memoryPreferences();
  const views = viewListeners();
  const view = (): AppView => ({
    phase: 'setup-error',
    language: preferences.get().language,
    authority: '',
    readers: 0,
    cards: [],
    apis: [],
    units: [],
    setupError,
  });
  // The report reads the machine as `doctor` does (the configuration, the client key file, the key
  // store), so both name the same finding — the key file's own, not "configuration error" — and a
  // file IT has corrected since start-up shows as corrected.
  let loaded: ConfigFile | undefined;
  const diagnostics = async () =>
    formatDiagnostics(
      await buildDiagnostics({
        appVersion: ports.appVersion ?? 'development',
        loadConfig: async () => {
          loaded = undefined;
          const resolved = await (ports.env ? resolveConfig(ports.env) : Promise.reject(error));
          loaded = resolved.config;
          return resolved;
        },
        keyStatus: () => keyStatusNow(loaded, keyStoreChoice(ports)),
        // without a configuration the app did not look for cards; the report says so instead of "no reader"
        cardSnapshot: async () => undefined,
        language: preferences.get().language,
      }),
      preferences.get().language,
    );
  return {
    mode: 'setup-error',
    setupError,
    dispatch: modeDispatch({
      served: windowHandlers({
        view,
        setLanguage: languageInPreferences(preferences, () => views.emit(view())),
        diagnostics,
        copyText: ports.copyText,
      }),
      refusal: () => new AppError(error.code, { ...(error.detail ? { detail: error.detail } : {}) }),
      log,
    }),
    controller: { view, onView: views.onView },
    close: async () => {},
  };
}
