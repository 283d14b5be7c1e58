// One router for the window's three modes. A mode names the channels it serves; every other
// channel answers the mode's refusal ("the configuration is wrong", "not set up yet", "already set
// up") — except the ones that only stop or dismiss something, which answer ok: there is nothing to
// stop. Every mode serves the window's own four (view, language, diagnostics, copy) the same way.
import { AppError } from '../../shared/errors/app-error.ts';
import { invokeChannels, type InvokeChannel, type IpcError } from '../../shared/ipc/contract.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { createIpcRouter, type IpcDispatch, type IpcHandlers } from '../ipc/ipc-router.ts';

export const OK = { ok: true } as const;

/** Channels that stop or dismiss something: in a mode without it, there is nothing to do. */
const NOTHING_TO_STOP: readonly InvokeChannel[] = [
  'session:cancel-login',
  'session:logout',
  'card:cancel-pin',
  'setup:cancel',
  'app:dismiss-error',
];

export interface ModeRouting {
  readonly served: Partial<IpcHandlers>;
  /** the answer to a channel this mode does not serve */
  readonly refusal: () => AppError;
  readonly log: (line: string) => void;
  /** every error answered to the window (the report's "last error the person saw") */
  readonly onError?: (error: IpcError) => void;
}

export function modeDispatch(routing: ModeRouting): IpcDispatch {
  const refuse = async (): Promise<never> => {
    throw routing.refusal();
  };
  const nothingToStop = async () => OK;
  const handlers = Object.fromEntries(
    (Object.keys(invokeChannels) as InvokeChannel[]).map((channel) => [
      channel,
      routing.served[channel] ?? (NOTHING_TO_STOP.includes(channel) ? nothingToStop : refuse),
    ]),
  ) as IpcHandlers;
  return createIpcRouter(handlers, routing.log, routing.onError ? { onError: routing.onError } : {});
}

export interface WindowChannels {
  readonly view: () => AppView;
  readonly setLanguage: (language: Language) => void;
  /** the troubleshooting report as text (diagnostics/diagnostics.ts) */
  readonly diagnostics: () => Promise<string>;
  /** the OS clipboard; absent where main has none (the preview: the window copies by itself) */
  readonly copyText?: ((text: string) => void) | undefined;
}

/** The four channels every mode serves alike. */
export function windowHandlers(w: WindowChannels): Partial<IpcHandlers> {
  return {
    'app:get-view': async () => w.view(),
    'app:set-language': async ({ language }) => {
      w.setLanguage(language);
      return OK;
    },
    'app:diagnostics': async () => ({ text: await w.diagnostics() }),
    'app:copy-diagnostics': async () => {
      if (!w.copyText) throw new AppError('clipboard-unavailable', { retriable: false });
      w.copyText(await w.diagnostics());
      return OK;
    },
  };
}

/**
 * A mode without an AppController keeps the language in the preferences itself and shows it at once
 * (the set-up and configuration error screens).
 */
export function languageInPreferences(
  preferences: { set(patch: { language: Language }): void },
  changed: () => void,
): (language: Language) => void {
  return (language) => {
    preferences.set({ language });
    changed();
  };
}

/** Listeners for a mode's views, for modes without an AppController. */
export function viewListeners(): {
  emit(view: AppView): void;
  onView(listener: (view: AppView) => void): () => void;
} {
  const listeners = new Set<(view: AppView) => void>();
  return {
    emit: (view) => {
      for (const listener of listeners) listener(view);
    },
    onView: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
