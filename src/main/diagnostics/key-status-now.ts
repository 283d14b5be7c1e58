// A provisioned client's key status as its store holds it NOW — read afresh for every report, never
// from a copy a running app keeps: after `helseid-desktop key renew` the window's Feilsøking shows
// the new kid, as `key status` does. One function for `doctor` and every mode of the window.
import type { ConfigFile } from '../config/index.ts';
import type { ProvisioningConfig } from '../config/index.ts';
import type { KeyStore } from '../keys/key-store.ts';
import { keyStoreFor, type KeyStoreChoice } from '../provisioning/installation.ts';
import { keyStatus, type KeyStatus } from '../provisioning/key-status.ts';

/** undefined when the configuration has no `provisioning` block (a client made by hand has no key store) */
export function keyStatusNow(
  config: ConfigFile | undefined,
  choice: KeyStoreChoice,
  clock: () => number = Date.now,
): Promise<KeyStatus> | undefined {
  const provisioning = config?.provisioning;
  if (!provisioning) return undefined;
  return keyStatusOf(keyStoreFor(provisioning, choice), provisioning, clock);
}

/** The same, from a store the caller already has (the set-up screen's key ring). */
export function keyStatusOf(
  store: KeyStore,
  provisioning: ProvisioningConfig,
  clock: () => number = Date.now,
): Promise<KeyStatus> {
  return store.read().then((document) => keyStatus(document, store.describe(), provisioning.renewal, clock()));
}
