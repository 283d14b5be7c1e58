// The openid-client Configuration for one line of token requests (a user session, or the machine
// tokens): the discovered server, our client auth, the injected fetch, and http only towards
// loopback (the embedded environment, a vendor's local API or portal; the config schema refuses http elsewhere).
import * as oidc from 'openid-client';
import type { HelseIdConfig } from '../config/config-schema.ts';
import { isLoopbackHttp } from '../config/loopback-url.ts';
import type { Discovered } from './discovery.ts';

export function clientConfiguration(
  config: HelseIdConfig,
  discovered: Discovered,
  clientMetadata: oidc.ClientMetadata,
  clientAuth: oidc.ClientAuth,
  fetchImpl: typeof fetch,
): oidc.Configuration {
  const configuration = new oidc.Configuration(discovered.server, config.client.client_id, clientMetadata, clientAuth);
  configuration[oidc.customFetch] = (url, options) => fetchImpl(url, options as RequestInit);
  const portal = config.portals?.kjernejournal?.innlogging_url;
  if (
    isLoopbackHttp(config.authority.issuer) ||
    config.apis.some((api) => isLoopbackHttp(api.base_url)) ||
    (portal !== undefined && isLoopbackHttp(portal))
  ) {
    oidc.allowInsecureRequests(configuration);
  }
  return configuration;
}
