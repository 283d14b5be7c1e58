// Which person each card proved to be, remembered on this workstation for this OS user — the binding
// that stands in for the card signature against real HelseID, where the identity provider and the
// card middleware handle the card in the browser and the app never sees which card was used.
//
// After a login the app accepted (login-acceptance.ts), the card (issuer + its certificate's subject
// serialNumber, `UN:NO-9578-<issuer>-<id>`, the holder's number at the issuer) is bound to the person
// HelseID returned (its `sub`, per client). A later login with that card that returns another person
// is refused: whatever HelseID's SSO, the middleware's PIN cache or a shared browser did, the card
// in the reader is not that person's.
//
// What is stored (one owner-only file in the user's state folder): a random key, and for each card
// HMAC(key, client_id | issuer | serialNumber) → HMAC(key, sub). No name, no national id number:
// `sub` is HelseID's pseudonym for the person (a hash with HelseID's secret salt), so the file tells a
// reader at most that a card they already know the number of was used here. The client_id is part of
// the card's key because `sub` may differ per client: a workstation set up again (a new client)
// starts with no bindings instead of refusing everyone. A file that others may read or change is not
// trusted (it is replaced on the next write); a missing or unreadable one is empty.
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { keyStoreFolder } from '../keys/key-store-location.ts';
import { readPrivateFile, writePrivateFileAtomically } from '../keys/private-file.ts';

/** the file's name in the user's state folder (HELSEID_DESKTOP_STATE_DIR moves it, as the key store's) */
export const CARD_BINDINGS_FILE = 'card-bindings.json';

export type BindingCheck = 'same-person' | 'other-person' | 'unknown';

/** What identifies a card for the binding (the chosen card's certificate subject). */
export interface BoundCard {
  readonly issuer: string;
  /** the certificate subject's serialNumber; '' (no binding possible) when it has none */
  readonly serialNumber: string;
}

export interface CardBindings {
  check(card: BoundCard, sub: string): Promise<BindingCheck>;
  remember(card: BoundCard, sub: string): Promise<void>;
}

/** enough for every card a clinic's workstation sees; the oldest are forgotten first */
const MAX_BINDINGS = 5_000;

interface BindingFile {
  version: 1;
  key: string;
  bindings: Record<string, string>;
}

export function fileCardBindings(file: string, clientId: string, log: (line: string) => void): CardBindings {
  let loaded: Promise<BindingFile> | undefined;
  let writes: Promise<void> = Promise.resolve();

  const load = (): Promise<BindingFile> =>
    (loaded ??= (async () => {
      try {
        // refused (and replaced on the next write) when others may read or change it
        const text = await readPrivateFile(file);
        if (text === undefined) throw Object.assign(new Error('no card bindings yet'), { code: 'ENOENT' });
        const parsed = JSON.parse(text.toString('utf8')) as Partial<BindingFile>;
        if (
          parsed.version === 1 &&
          typeof parsed.key === 'string' &&
          parsed.bindings &&
          typeof parsed.bindings === 'object'
        )
          return { version: 1, key: parsed.key, bindings: { ...parsed.bindings } };
        log('card bindings: the file is not ours; starting afresh');
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code !== 'ENOENT') log(`card bindings: not used (${typeof code === 'string' ? code : 'unreadable'})`);
      }
      return { version: 1, key: randomBytes(32).toString('base64url'), bindings: {} };
    })());

  const mac = (key: string, value: string) =>
    createHmac('sha256', Buffer.from(key, 'base64url')).update(value).digest('base64url');
  const cardKey = (data: BindingFile, card: BoundCard) =>
    mac(data.key, `card:${clientId}|${card.issuer}|${card.serialNumber}`);
  const personKey = (data: BindingFile, sub: string) => mac(data.key, `person:${sub}`);

  return {
    async check(card, sub) {
      if (!card.serialNumber || !sub) return 'unknown';
      const data = await load();
      const bound = data.bindings[cardKey(data, card)];
      if (bound === undefined) return 'unknown';
      return bound === personKey(data, sub) ? 'same-person' : 'other-person';
    },
    async remember(card, sub) {
      if (!card.serialNumber || !sub) return;
      const data = await load();
      const key = cardKey(data, card);
      delete data.bindings[key]; // re-inserted last: the newest stay when the oldest are dropped
      data.bindings[key] = personKey(data, sub);
      const keys = Object.keys(data.bindings);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_BINDINGS))) delete data.bindings[old];
      const text = JSON.stringify(data);
      writes = writes
        .then(() => writePrivateFileAtomically(file, text))
        .catch((err: unknown) => log(`card bindings: not saved (${(err as { code?: string }).code ?? 'error'})`));
      await writes;
    },
  };
}

/** The user's bindings: the app and the command line share them (one state folder per OS user). */
export function cardBindingsFor(
  clientId: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  log: (line: string) => void = () => {},
): CardBindings {
  const folder = keyStoreFolder({ scope: 'account' }, process.platform, env);
  return fileCardBindings(path.join(folder, CARD_BINDINGS_FILE), clientId, log);
}

/** Bindings kept in memory only (one app run): tests, and where no state folder can be written. */
export function memoryCardBindings(): CardBindings {
  const bound = new Map<string, string>();
  const key = (card: BoundCard) => `${card.issuer}|${card.serialNumber}`;
  return {
    check: async (card, sub) => {
      if (!card.serialNumber || !sub) return 'unknown';
      const person = bound.get(key(card));
      return person === undefined ? 'unknown' : person === sub ? 'same-person' : 'other-person';
    },
    remember: async (card, sub) => {
      if (card.serialNumber && sub) bound.set(key(card), sub);
    },
  };
}
