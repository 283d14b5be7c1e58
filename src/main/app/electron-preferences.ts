// Per-user preferences in electron-store (a JSON file in the user's app-data folder): thin on
// purpose; what the file may contain is decided by preferences-file.ts, which is unit-tested.
import Store from 'electron-store';
import type { Preferences, PreferencesPort } from '../controller/ports.ts';
import { memoryPreferences } from '../controller/memory-preferences.ts';
import { parsePreferences } from './preferences-file.ts';

export function createElectronPreferences(log: (line: string) => void): PreferencesPort {
  let store: Store<Preferences>;
  try {
    store = new Store<Preferences>({ name: 'preferences', clearInvalidConfig: true });
  } catch {
    log('preferences: the store could not be opened; using defaults for this run');
    return memoryPreferences();
  }
  return {
    get: () => parsePreferences(store.store),
    set: (patch) => {
      store.set({ ...parsePreferences(store.store), ...patch });
    },
  };
}
