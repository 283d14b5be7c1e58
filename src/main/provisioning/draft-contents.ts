// What the client draft asks for: every configured API's and portal's scopes plus nhn:selvbetjening/client (so the
// app can manage its own client and renew its key), the loopback redirect URIs of the app's port
// policy, the organization numbers. HelseID matches loopback redirect URIs on any port (RFC 8252
// §7.3), so port 0 registers the bare address; a fixed port or range registers each port.
import type { ConfigFile } from '../config/index.ts';
import { SELVBETJENING_SCOPE } from './selvbetjening-api.ts';

const MAX_REDIRECT_URIS = 50;

export function draftScopes(config: ConfigFile): string[] {
  const portalScopes = config.portals.kjernejournal?.scopes ?? [];
  return [...new Set([...config.apis.flatMap((api) => api.scopes), ...portalScopes, SELVBETJENING_SCOPE])];
}

export function draftRedirectUris(config: ConfigFile): string[] {
  const { host, port } = config.redirect;
  if (typeof port === 'number') return [port === 0 ? `http://${host}/callback` : `http://${host}:${port}/callback`];
  const uris: string[] = [];
  for (let p = port.from; p <= port.to && uris.length < MAX_REDIRECT_URIS; p++)
    uris.push(`http://${host}:${p}/callback`);
  return uris;
}

/** Per scope, the API it belongs to (its name in the configuration), for words IT understands. */
export function apiNameOfScope(config: ConfigFile, scope: string): string {
  if (scope === SELVBETJENING_SCOPE) return 'selvbetjening';
  if (config.portals.kjernejournal?.scopes.includes(scope)) return 'kjernejournal';
  return config.apis.find((api) => api.scopes.includes(scope))?.name ?? scope;
}
