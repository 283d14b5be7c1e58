// The contract's channels, implemented on the app controller (and the read-only settings).
import { AppError } from '../../shared/errors/app-error.ts';
import type { SettingsView } from '../../shared/ipc/settings-schema.ts';
import type { AppController } from '../controller/app-controller.ts';
import type { IpcHandlers } from './ipc-router.ts';

const OK = { ok: true } as const;

export interface AppInfoHandlers {
  settings: () => SettingsView;
  /** the formatted diagnostics report */
  diagnostics: () => Promise<string>;
  /** puts the report on the OS clipboard; absent where main has no clipboard (the preview) */
  copyDiagnostics?: () => Promise<void>;
}

export function createIpcHandlers(controller: AppController, info: AppInfoHandlers): IpcHandlers {
  return {
    'app:get-view': async () => controller.view(),
    'session:login': async ({ cardId }) => {
      await controller.login(cardId);
      return OK;
    },
    'session:cancel-login': async () => {
      controller.cancelLogin();
      return OK;
    },
    'session:logout': async () => {
      await controller.logout();
      return OK;
    },
    'card:submit-pin': async ({ requestId, pin }) => {
      controller.submitPin(requestId, pin);
      return OK;
    },
    'card:cancel-pin': async ({ requestId }) => {
      controller.cancelPin(requestId);
      return OK;
    },
    'api:call': async ({ name }) => controller.callApi(name),
    'app:dismiss-error': async () => {
      controller.dismissError();
      return OK;
    },
    'session:switch-unit': async ({ organization }) => {
      await controller.switchUnit(organization);
      return OK;
    },
    'session:unlock': async () => {
      await controller.unlock();
      return OK;
    },
    'app:set-language': async ({ language }) => {
      controller.setLanguage(language);
      return OK;
    },
    'app:get-settings': async () => info.settings(),
    'app:diagnostics': async () => ({ text: await info.diagnostics() }),
    'app:copy-diagnostics': async () => {
      if (!info.copyDiagnostics) throw new AppError('clipboard-unavailable', { retriable: false });
      await info.copyDiagnostics();
      return OK;
    },
    // the workstation is set up already (this app runs on its client)
    'setup:start': async () => Promise.reject(new AppError('setup-not-needed', { retriable: false })),
    'setup:cancel': async () => OK,
    'setup:continue': async () => OK,
  };
}
