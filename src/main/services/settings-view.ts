// The machine-wide configuration as the settings screen shows it. The client key's path is left
// out on purpose: the window has no use for it, and it tells a passer-by where the key lives.
import type { SettingsView } from '../../shared/ipc/settings-schema.ts';
import type { HelseIdConfig } from '../config/index.ts';

export function toSettingsView(config: HelseIdConfig, source: string): SettingsView {
  return {
    source,
    authorityKind: config.authority.kind,
    authority: config.authority.issuer,
    clientId: config.client.client_id,
    apis: config.apis
      .filter((api) => !api.machine)
      .map((api) => ({ name: api.name, resource: api.resource, scopes: [...api.scopes], baseUrl: api.base_url })),
    organizations: config.organizations.map((o) => ({ number: o.number, name: o.name })),
    ...(config.parent_organization ? { parentOrganization: config.parent_organization } : {}),
    cardRemoval: config.card_removal,
    pkcs11Modules: [...config.pkcs11_modules],
    loginTimeoutSeconds: config.login_timeout_seconds,
  };
}
