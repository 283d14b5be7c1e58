// What the OS shows about the app outside its window: the title (taskbar, Alt-Tab, screen readers
// announcing the window) says whether someone is logged in, so a clinician glancing at the taskbar
// of a shared workstation sees whose session is open. And whether the app starts with the OS session.
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import type { Preferences } from '../controller/ports.ts';

const TEXT = {
  nb: { app: 'HelseID', loggedIn: 'logget inn', locked: 'låst', loggedOut: 'ikke logget inn', loggingIn: 'logger inn' },
  en: { app: 'HelseID', loggedIn: 'logged in', locked: 'locked', loggedOut: 'not logged in', loggingIn: 'logging in' },
} as const;

export function windowTitle(view: AppView): string {
  const t = TEXT[view.language];
  if (view.phase === 'logged-in' && view.user) return `${t.app} — ${view.user.name} (${t.loggedIn})`;
  if (view.phase === 'locked' && view.unlock) return `${t.app} — ${view.unlock.holderName} (${t.locked})`;
  if (view.phase === 'logging-in') return `${t.app} — ${t.loggingIn}`;
  return `${t.app} — ${t.loggedOut}`;
}

/**
 * Idle lock: the OS reports how long nobody touched keyboard or mouse. Locking needs IT to have
 * chosen 'lock' (unlock with the same card and PIN) and an idle limit; otherwise never.
 */
export function shouldLockForIdle(
  idleSeconds: number,
  config: { card_removal: 'logout' | 'lock'; lock_after_idle_minutes?: number | undefined },
): boolean {
  return (
    config.card_removal === 'lock' &&
    config.lock_after_idle_minutes !== undefined &&
    idleSeconds >= config.lock_after_idle_minutes * 60
  );
}

/** How often the shell asks the OS for the idle time: a minute's limit is met within 15 s. */
export const IDLE_CHECK_INTERVAL_MS = 15_000;

/** app.setLoginItemSettings works on Windows and macOS; Linux packages use an autostart .desktop file instead. */
export function loginItemSettings(
  preferences: Pick<Preferences, 'startAtLogin'>,
  platform: NodeJS.Platform,
): { openAtLogin: boolean } | undefined {
  if (platform !== 'win32' && platform !== 'darwin') return undefined;
  return { openAtLogin: preferences.startAtLogin };
}
