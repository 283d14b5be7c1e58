// Test hook: rotate the authority's signing key while it runs, so APIs can be shown to pick up a
// new key (refetch on unknown kid) without a restart. oidc-provider has no public API for this; its
// internal keystore initializer is re-run with the new key set (pinned 9.13.3, like validate_dpop).
import type { Provider } from 'oidc-provider';
import initializeKeystore from 'oidc-provider/lib/helpers/initialize_keystore.js';
import { rotateAuthorityKeys, type AuthorityKeys } from '../state/keys.ts';

export interface KeyRotation {
  /** the current key set (private), newest first */
  current(): AuthorityKeys;
  /** makes a new key the signing key; returns its kid */
  rotate(): Promise<string>;
}

export function keyRotation(provider: Provider, stateDir: string, initial: AuthorityKeys): KeyRotation {
  let keys = initial;
  return {
    current: () => keys,
    async rotate() {
      keys = await rotateAuthorityKeys(stateDir, keys);
      initializeKeystore.call(provider, { keys: keys.signingJwks.keys });
      return keys.signingJwks.keys[0]!.kid!;
    },
  };
}
