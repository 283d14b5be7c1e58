// The installation's keys as the rest of the app uses them: the key store's document, read once and
// kept, and the CURRENT key imported as a non-extractable CryptoKey for signing. Every change goes
// through update(), which writes the whole document (atomically, in the store) before the new
// state is used — so what runs is always what a restart would find.
import { importJWK } from 'jose';
import type { CryptoKey } from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { ClientKey } from './client-key.ts';
import type { ClientRecord, KeyStoreDocument, StoredKey } from './client-record.ts';
import type { KeyStore } from './key-store.ts';

/**
 * Within this much of the kept key's expiry the store is read again before each signature: the PC's
 * clock and HelseID's differ by a few seconds, and a key renewed elsewhere must be in use before
 * HelseID refuses the old one.
 */
const RELOAD_BEFORE_EXPIRY_MS = 60_000;

export class KeyRing {
  readonly store: KeyStore;
  readonly #clock: () => number;
  #document: Promise<KeyStoreDocument> | undefined;
  #imported = new Map<string, Promise<ClientKey>>();
  // one update at a time: a renewal and a set-up never interleave their writes
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: KeyStore, clock: () => number = Date.now) {
    this.store = store;
    this.#clock = clock;
  }

  document(): Promise<KeyStoreDocument> {
    this.#document ??= this.store.read();
    this.#document.catch(() => (this.#document = undefined));
    return this.#document;
  }

  async client(): Promise<ClientRecord | undefined> {
    return (await this.document()).client;
  }

  /** Replaces the document through `change` (which gets a copy), stored before it is used. */
  update(
    change: (document: KeyStoreDocument) => KeyStoreDocument | Promise<KeyStoreDocument>,
  ): Promise<KeyStoreDocument> {
    const run = this.#queue.then(async () => {
      const next = await change(structuredClone(await this.document()));
      await this.store.write(next);
      this.#document = Promise.resolve(next);
      return next;
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Forgets what was read (another process — the CLI — may have renewed the key). */
  reload(): void {
    this.#document = undefined;
  }

  /**
   * The key logins and token requests sign with, asked for at every client assertion; refuses an
   * expired one with IT's message. A renewal in this process replaces the kept document at once
   * (update()); one made by another process (`helseid-desktop key renew` while the app runs) is
   * only in the store: when the kept key is about to expire, the store is read again first.
   */
  async currentKey(): Promise<ClientKey> {
    let client = await this.client();
    const expiresAt = client?.current.expiresAt;
    if (expiresAt !== undefined && expiresAt - this.#clock() <= RELOAD_BEFORE_EXPIRY_MS) {
      this.reload();
      client = await this.client();
    }
    if (client === undefined || client.state === 'draft') throw new AppError('workstation-not-set-up');
    const key = client.current;
    if (key.expiresAt !== undefined && key.expiresAt <= this.#clock())
      throw expiredKeyError(client.clientId, key.expiresAt);
    return this.imported(key);
  }

  /** A stored key as a non-extractable CryptoKey (cached per kid). */
  imported(key: StoredKey): Promise<ClientKey> {
    let found = this.#imported.get(key.kid);
    if (!found) {
      found = importJWK(key.privateJwk, 'PS256', { extractable: false }).then((k) => ({
        key: k as CryptoKey,
        kid: key.kid,
      }));
      found.catch(() => this.#imported.delete(key.kid));
      this.#imported.set(key.kid, found);
    }
    return found;
  }
}

export function expiredKeyError(clientId: string, expiresAt: number | undefined): AppError {
  return new AppError('client-key-expired', {
    detail: {
      client_id: clientId,
      expired_at: expiresAt === undefined ? 'unknown' : new Date(expiresAt).toISOString(),
    },
  });
}

/**
 * HelseID said the key expired, or refused the client: IT's message names the client (and, for an
 * expired key, if known, since when).
 */
export function namingTheClient(err: unknown, clientId: string): unknown {
  if (err instanceof AppError && err.code === 'client-not-accepted' && err.detail?.['client'] === undefined)
    return new AppError('client-not-accepted', {
      retriable: false,
      detail: { ...err.detail, client: clientId },
      cause: err,
    });
  if (!(err instanceof AppError) || err.code !== 'client-key-expired' || err.detail?.['client_id'] !== undefined)
    return err;
  return new AppError('client-key-expired', {
    detail: { expired_at: 'unknown', ...err.detail, client_id: clientId },
    cause: err,
  });
}
