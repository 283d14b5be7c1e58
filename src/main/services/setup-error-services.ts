// What the window runs on when the machine's configuration cannot be used: no cards, no HelseID,
// only a "Feil i oppsettet" screen naming the file, the field and what is expected, the language
// switch and the diagnostics report (the same report `doctor` prints). Start-up never ends in
// silence: the person sees what is wrong and IT gets the details one click away.
import { AppError } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { AppView, SetupErrorView } from '../../shared/ipc/view-schemas.ts';
import { memoryPreferences } from '../controller/memory-preferences.ts';
import type { PreferencesPort } from '../controller/ports.ts';
import { buildDoctorReport, formatDoctorReport } from '../diagnostics/doctor-report.ts';
import { createIpcRouter } from '../ipc/ipc-router.ts';
import type { IpcDispatch, IpcHandlers } from '../ipc/ipc-router.ts';

/** The codes that mean "the configuration, not the app, is the problem". */
export const SETUP_ERROR_CODES: readonly string[] = [
  'invalid-config',
  'no-configuration',
  // the workstation's own client (provisioning): not set up yet, its key expired, its key store unusable
  'workstation-not-set-up',
  'client-key-expired',
  'key-store-unavailable',
  'key-store-app-only',
  'key-store-corrupt',
  'client-key-exposed',
  'client-key-folder-exposed',
];

export interface SetupErrorPorts {
  log?: (line: string) => void;
  preferences?: PreferencesPort;
  appVersion?: string;
  copyText?: (text: string) => void;
}

export interface SetupErrorServices {
  readonly setupError: SetupErrorView;
  readonly dispatch: IpcDispatch;
  readonly controller: { view(): AppView; onView(listener: (view: AppView) => void): () => void };
  close(): Promise<void>;
}

/** The non-secret parts of a configuration error (the loader puts only file, field and problem in detail). */
export function toSetupErrorView(error: ErrorData): SetupErrorView {
  const d = error.detail ?? {};
  const text = (key: string) => (typeof d[key] === 'string' ? { [key]: d[key] as string } : {});
  return {
    code: error.code,
    ...text('file'),
    ...text('field'),
    ...text('problem'),
    ...(typeof d['issues'] === 'number' ? { issues: d['issues'] } : {}),
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
  const listeners = new Set<(view: AppView) => void>();
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
  const emit = () => {
    for (const listener of listeners) listener(view());
  };
  const diagnostics = async () =>
    formatDoctorReport(
      await buildDoctorReport({
        appVersion: ports.appVersion ?? 'development',
        loadConfig: () => Promise.reject(error),
        // without a configuration the app did not look for cards; the report says so instead of "no reader"
        cardSnapshot: async () => undefined,
      }),
      preferences.get().language,
    );
  const refuse = async (): Promise<never> => {
    throw new AppError(error.code, { ...(error.detail ? { detail: error.detail } : {}) });
  };
  const copyText = ports.copyText;
  const handlers: IpcHandlers = {
    'app:get-view': async () => view(),
    'app:set-language': async ({ language }) => {
      preferences.set({ language });
      emit();
      return { ok: true };
    },
    'app:diagnostics': async () => ({ text: await diagnostics() }),
    'app:copy-diagnostics': async () => {
      if (!copyText) throw new AppError('clipboard-unavailable');
      copyText(await diagnostics());
      return { ok: true };
    },
    'app:dismiss-error': async () => ({ ok: true }),
    'app:get-settings': refuse,
    'session:login': refuse,
    'session:cancel-login': async () => ({ ok: true }),
    'session:logout': async () => ({ ok: true }),
    'card:submit-pin': refuse,
    'card:cancel-pin': async () => ({ ok: true }),
    'api:call': refuse,
    'session:switch-unit': refuse,
    'session:unlock': refuse,
    'setup:start': refuse,
    'setup:cancel': async () => ({ ok: true }),
    'setup:continue': refuse,
  };
  return {
    setupError,
    dispatch: createIpcRouter(handlers, log),
    controller: {
      view,
      onView: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    close: async () => {},
  };
}
