// The contract's channels that the app controller answers. The window's own channels (view,
// language, diagnostics) and what a mode does not serve are joined in src/main/services/mode-router.ts.
import type { AppController } from '../controller/app-controller.ts';
import type { IpcHandlers } from './ipc-router.ts';

const OK = { ok: true } as const;

export function controllerHandlers(controller: AppController): Partial<IpcHandlers> {
  return {
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
    'portal:open': async ({ patient, basis, authorization }) => {
      await controller.openPortal(patient, basis, authorization);
      return OK;
    },
    'portal:close': async () => {
      await controller.closePortal();
      return OK;
    },
  };
}
