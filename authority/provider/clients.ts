// The registered clients: the desktop app (a native, confidential client: private_key_jwt,
// loopback redirects on any port, DPoP-bound tokens) and the API clients that act in token exchange.
import type { JWK } from 'jose';
import type { ClientKey } from '../state/keys.ts';
import { DESKTOP_CLIENT_ID } from '../settings.ts';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

export interface RegisteredClients {
  metadata: Record<string, unknown>[];
  byId: Map<string, { jwks: { keys: JWK[] } }>;
}

function common(key: ClientKey) {
  return {
    client_id: key.clientId,
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: [key.publicJwk] },
    dpop_bound_access_tokens: true,
    id_token_signed_response_alg: 'RS256',
    // IdentityServer puts auth_time in every ID token (HelseID's do); oidc-provider only when asked
    require_auth_time: true,
  };
}

export function registeredClients(
  desktop: ClientKey,
  apiClients: ClientKey[],
  withTokenExchange: boolean,
): RegisteredClients {
  const exchange = withTokenExchange ? [TOKEN_EXCHANGE_GRANT] : [];
  const metadata: Record<string, unknown>[] = [
    {
      ...common(desktop),
      client_id: DESKTOP_CLIENT_ID,
      application_type: 'native',
      // native + loopback: oidc-provider ignores the port when matching (RFC 8252 §7.3)
      redirect_uris: ['http://127.0.0.1/callback'],
      post_logout_redirect_uris: ['http://127.0.0.1/logged-out'],
      response_types: ['code'],
      // PAR is enforced per client, as HelseID does (its discovery's global flag is false)
      require_pushed_authorization_requests: true,
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials', ...exchange],
    },
    ...apiClients.map((key) => ({
      ...common(key),
      redirect_uris: [],
      response_types: [],
      grant_types: ['client_credentials', ...exchange],
    })),
  ];
  const byId = new Map([desktop, ...apiClients].map((k) => [k.clientId, { jwks: { keys: [k.publicJwk] } }]));
  return { metadata, byId };
}
