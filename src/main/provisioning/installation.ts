// Which client this installation logs in as. With `client` in the configuration: that one, its key
// read from IT's file. With `provisioning`: the client the set-up made, its key from the key store —
// or none yet (the window shows "Set up this workstation", the CLI says to run `setup`).
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error.ts';
import type { ClientKey } from '../keys/client-key.ts';
import { hasClient, type ConfigFile, type HelseIdConfig, type ProvisioningConfig } from '../config/index.ts';
import type { ClientRecord } from '../keys/client-record.ts';
import { createFileKeyStore } from '../keys/file-key-store.ts';
import { KeyRing } from '../keys/key-ring.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { keyStoreFolder, OS_STORE_NAME } from '../keys/key-store-location.ts';

export interface RunnableClient {
  readonly config: HelseIdConfig;
  /** the key store's current key; absent for a client made by hand (its file is read by the HelseID client) */
  readonly loadClientKey?: () => Promise<ClientKey>;
}

/** Builds the OS-protected store (Electron's safeStorage); absent in plain Node. */
export type OsKeyStoreFactory = (options: { folder: string; allowBasicText: boolean }) => KeyStore;

export interface KeyStoreChoice {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly osKeyStore?: OsKeyStoreFactory;
}

export function keyStoreFor(provisioning: ProvisioningConfig, choice: KeyStoreChoice = {}): KeyStore {
  const options = provisioning.key_store;
  const folder = keyStoreFolder({ folder: options.folder, scope: options.scope }, choice.platform, choice.env);
  if (options.protection === 'file')
    return createFileKeyStore({
      folder,
      scope: options.scope,
      ...(choice.platform ? { platform: choice.platform } : {}),
    });
  if (!choice.osKeyStore) return appOnlyStore(path.join(folder, OS_STORE_NAME), options.scope);
  return choice.osKeyStore({ folder, allowBasicText: options.allow_basic_text });
}

/**
 * `protection: os` outside the app (the CLI, the preview). The document is encrypted by Electron's
 * safeStorage, i.e. Chromium's OS encryption for the account running the app (DPAPI, Keychain,
 * Secret Service/kwallet); plain Node has no safeStorage, and re-implementing Chromium's internal
 * blob format by hand would break with any Electron update. So the command line refuses, naming the
 * file, and IT is told to use the app (it renews by itself; Feilsøking shows the key's status) or
 * to choose `protection: "file"` where the command line must manage the key.
 */
function appOnlyStore(file: string, scope: string): KeyStore {
  // where nothing was stored yet, the command line must not say the key "is in" a file that does not exist
  const fail = async () => {
    const present = await lstat(file).then(
      () => true,
      () => false,
    );
    throw new AppError(present ? 'key-store-app-only' : 'key-store-app-only-empty', {
      detail: { file, protection: 'os' },
    });
  };
  return { describe: () => ({ protection: 'os', location: file, scope }), read: fail, write: fail };
}

/** The record belongs to this configuration: same HelseID, same Selvbetjening. */
export function recordMatches(record: ClientRecord | undefined, config: ConfigFile): record is ClientRecord {
  return (
    record !== undefined &&
    config.provisioning !== undefined &&
    record.authority === config.authority.issuer &&
    record.selvbetjening === config.provisioning.selvbetjening.api_url
  );
}

/** The runnable client, or undefined while a provisioning configuration has no (confirmed) client yet. */
export async function runnableClient(
  config: ConfigFile,
  keyRing: KeyRing | undefined,
): Promise<RunnableClient | undefined> {
  if (hasClient(config)) return { config };
  if (keyRing === undefined) throw new AppError('workstation-not-set-up');
  const record = await keyRing.client();
  if (!recordMatches(record, config) || record.state === 'draft') return undefined;
  return {
    config: { ...config, client: { client_id: record.clientId }, organizations: registeredUnits(config, record) },
    loadClientKey: () => keyRing.currentKey(),
  };
}

/**
 * The units a provisioned client may assert are the child organizations registered for it — what
 * Selvbetjening answered at set-up, else what the draft asked for —, named from the configuration's
 * `organizations` where it names them. A unit the configuration lists but the client was not
 * registered for is left out: HelseID would refuse it.
 */
function registeredUnits(config: ConfigFile, record: ClientRecord): ConfigFile['organizations'] {
  const registered = record.childOrganizationNumbers ?? config.provisioning?.child_organization_numbers ?? [];
  return registered.map((number) => ({
    number,
    name: config.organizations.find((o) => o.number === number)?.name ?? number,
  }));
}

export function keyRingFor(
  config: ConfigFile,
  choice: KeyStoreChoice,
  clock: () => number = Date.now,
): KeyRing | undefined {
  return config.provisioning ? new KeyRing(keyStoreFor(config.provisioning, choice), clock) : undefined;
}
