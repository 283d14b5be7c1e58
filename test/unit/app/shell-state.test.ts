import { describe, expect, it } from 'vitest';
import { loginItemSettings, shouldLockForIdle, windowTitle } from '../../../src/main/app/shell-state.ts';
import { parsePreferences } from '../../../src/main/app/preferences-file.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';

const base: AppView = {
  phase: 'card-present',
  language: 'nb',
  authority: 'http://127.0.0.1:1',
  readers: 1,
  cards: [],
  apis: [],
  units: [],
};
const user = { name: 'Kari Nordmann', securityLevel: '4', pidMasked: '138270*****' };

describe('shell state', () => {
  it('idleLock_onlyWithLockChosen_andAfterTheLimit', () => {
    const lock = { card_removal: 'lock' as const, lock_after_idle_minutes: 5 };
    expect(shouldLockForIdle(299, lock)).toBe(false);
    expect(shouldLockForIdle(300, lock)).toBe(true);
    expect(shouldLockForIdle(3600, { card_removal: 'logout', lock_after_idle_minutes: 5 })).toBe(false);
    expect(shouldLockForIdle(3600, { card_removal: 'lock' })).toBe(false);
  });

  // the shell calling it with the OS idle time: lockMode_osScreenLockAndInactivity_lockTheSession (shell-wiring.test.ts)

  it('title_saysWhoIsLoggedIn_orThatNobodyIs', () => {
    expect(windowTitle({ ...base, phase: 'logged-in', user })).toBe('HelseID — Kari Nordmann (logget inn)');
    expect(windowTitle({ ...base, language: 'en', phase: 'logged-in', user })).toBe(
      'HelseID — Kari Nordmann (logged in)',
    );
    expect(
      windowTitle({
        ...base,
        phase: 'locked',
        unlock: { holderName: 'Kari Nordmann', cardPresent: false, verifying: false },
      }),
    ).toBe('HelseID — Kari Nordmann (låst)');
    expect(windowTitle(base)).toBe('HelseID — ikke logget inn');
  });

  it('loginItem_followsThePreference_onWindowsAndMac_only', () => {
    expect(loginItemSettings({ startAtLogin: true }, 'win32')).toEqual({ openAtLogin: true });
    expect(loginItemSettings({ startAtLogin: false }, 'darwin')).toEqual({ openAtLogin: false });
    expect(loginItemSettings({ startAtLogin: true }, 'linux')).toBeUndefined();
  });

  it('preferencesFile_withBadValues_fallsBackFieldByField', () => {
    expect(parsePreferences({ language: 'en', startAtLogin: true })).toEqual({ language: 'en', startAtLogin: true });
    expect(parsePreferences({ language: 'de', startAtLogin: 'yes' })).toEqual({ language: 'nb', startAtLogin: false });
    expect(parsePreferences(null)).toEqual({ language: 'nb', startAtLogin: false });
  });
});
