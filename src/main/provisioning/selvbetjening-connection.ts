// Talking to Selvbetjening AS the client: a client-credentials token for nhn:selvbetjening/client,
// DPoP-bound, signed (private_key_jwt) with ONE given key — the current key to register a new one,
// the new key to prove it works. openid-client does the token request, the proofs and the nonce retry.
import * as oidc from 'openid-client';
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import type { ClientKey } from '../keys/client-key.ts';
import { helseIdClientAuth } from '../auth/client-auth.ts';
import { clientConfiguration } from '../auth/client-configuration.ts';
import type { Discovered } from '../auth/discovery.ts';
import { toAuthError } from '../auth/map-auth-error.ts';
import type { BaseConfig } from '../config/index.ts';
import { createDpopSession } from '../dpop/dpop-session.ts';
import {
  authorizedCaller,
  SELVBETJENING_RESOURCE,
  SELVBETJENING_SCOPE,
  type AuthorizedCaller,
} from './selvbetjening-api.ts';

export interface ConnectionDeps {
  readonly config: BaseConfig;
  readonly apiUrl: string;
  readonly fetch: typeof fetch;
  readonly discovery: () => Promise<Discovered>;
}

export interface SelvbetjeningConnection extends AuthorizedCaller {
  /** one token request (proves HelseID knows the client and accepts this key); cached for the calls */
  token(): Promise<void>;
}

export async function connectAs(
  deps: ConnectionDeps,
  clientId: string,
  key: ClientKey,
): Promise<SelvbetjeningConnection> {
  const discovered = await deps.discovery();
  const config = { ...deps.config, client: { client_id: clientId } };
  const metadata: oidc.ClientMetadata = { client_id: clientId, [oidc.clockSkew]: discovered.clockSkewSeconds };
  const configuration = clientConfiguration(config, discovered, metadata, helseIdClientAuth(key), deps.fetch);
  if (new URL(deps.apiUrl).protocol === 'http:') oidc.allowInsecureRequests(configuration); // the schema allows http on loopback only
  const dpop = await createDpopSession(configuration);
  let accessToken: Promise<string> | undefined;
  const token = () => {
    accessToken ??= oidc
      .clientCredentialsGrant(
        configuration,
        { scope: SELVBETJENING_SCOPE, resource: SELVBETJENING_RESOURCE },
        { DPoP: dpop.handle },
      )
      .then((t) => t.access_token)
      .catch((err: unknown) => Promise.reject(tokenError(err, clientId)));
    accessToken.catch(() => (accessToken = undefined));
    return accessToken;
  };
  const caller = authorizedCaller({ apiUrl: deps.apiUrl, configuration, dpop: dpop.handle, accessToken: token });
  return { call: caller.call, token: async () => void (await token()) };
}

/** HelseID's refusal of the client's key, with the client named (IT's message for an expired key). */
function tokenError(err: unknown, clientId: string): AppError {
  const mapped = toAuthError(err, 'client-credentials');
  if (isAppError(mapped) && mapped.code === 'client-key-expired') {
    return new AppError('client-key-expired', {
      detail: { client_id: clientId, expired_at: 'unknown', ...mapped.detail },
      cause: err,
    });
  }
  return mapped;
}

/** HelseID does not know the client (yet): the answer while its cache loads a newly confirmed client. */
export function isUnknownClient(err: unknown): boolean {
  return (
    isAppError(err) &&
    (err.code === 'authority-error' || err.code === 'client-not-accepted') &&
    ['invalid_client', 'unauthorized_client', 'invalid_scope', 'invalid_target'].includes(String(err.detail?.['error']))
  );
}
