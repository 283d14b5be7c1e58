import { DEFAULT_PREFERENCES } from './ports.ts';
import type { Preferences, PreferencesPort } from './ports.ts';

/** Preferences that live as long as the process: the preview, the tests, and a fallback when the store fails. */
export function memoryPreferences(initial: Partial<Preferences> = {}): PreferencesPort {
  let current: Preferences = { ...DEFAULT_PREFERENCES, ...initial };
  return { get: () => current, set: (patch) => void (current = { ...current, ...patch }) };
}
