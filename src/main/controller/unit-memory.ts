// The unit each person last chose, remembered in the per-user preferences so that the next login
// (after a card-out, the next morning) starts in it. A shared workstation's preferences file is
// read by whoever uses the account, so a person is never named in it: the key is an HMAC of the
// authority and the national id number under a random key of this file's own (a keyed hash, not
// the number). The key lives beside the choices — it keeps the numbers out of sight and out of
// logs and backups that copy the file; whoever can read the file and guess numbers could still
// test a guess, so nothing else about the person is ever stored.
import { createHmac, randomBytes } from 'node:crypto';
import type { PreferencesPort } from './ports.ts';

/** as many people as a busy clinic's shared PC sees; the oldest choices go first */
const MAX_PEOPLE = 200;

export interface UnitMemory {
  /** the unit this person chose last ('' = no sub unit), or undefined when they never chose */
  recall(personId: string): string | undefined;
  remember(personId: string, unit: string): void;
}

export function unitMemory(preferences: PreferencesPort, authority: string): UnitMemory {
  const keyOf = (personId: string): string => {
    let secret = preferences.get().unitKey;
    if (secret === undefined) {
      secret = randomBytes(32).toString('base64url');
      preferences.set({ unitKey: secret });
    }
    return createHmac('sha256', Buffer.from(secret, 'base64url'))
      .update(`${authority}\n${personId}`)
      .digest('base64url')
      .slice(0, 32);
  };
  return {
    recall: (personId) => preferences.get().unitChoices?.[keyOf(personId)],
    remember: (personId, unit) => {
      const key = keyOf(personId);
      const { [key]: _previous, ...others } = preferences.get().unitChoices ?? {};
      const kept = Object.entries(others).slice(-(MAX_PEOPLE - 1));
      preferences.set({ unitChoices: Object.fromEntries([...kept, [key, unit]]) });
    },
  };
}
