// The contract's channels, implemented on the app controller.
import type { AppController } from '../controller/app-controller.ts';
import type { IpcHandlers } from './ipc-router.ts';

const OK = { ok: true } as const;

export function createIpcHandlers(controller: AppController): IpcHandlers {
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
  };
}
