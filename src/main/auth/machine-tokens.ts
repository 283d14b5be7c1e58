// Machine access (client credentials): tokens for APIs marked `machine: true`, obtained by the
// installation's own client identity, not by a person. They live apart from the user session on
// purpose — their own openid-client configuration, their own DPoP key, their own token store (only
// the DPoP server nonces are shared with logins, dpop-nonces.ts: they are not bound to a key) — so a
// user token can never be sent to a machine API or the other way round, and logout or card removal
// (which end the USER session) leave them alone. Only close() (quitting) drops them.
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { ApiTokenInfo, MachineTokenInfo } from '../../shared/session-types.ts';
import type { ApiConfig } from '../config/config-schema.ts';
import { callApi, type ApiResponse, type TokenSource } from './api-call.ts';
import { createDpopSession } from '../dpop/dpop-session.ts';
import { assertionClaimsFor } from './assertion-details.ts';
import { withAuthorityRetry } from './authority-retry.ts';
import { helseIdClientAuth } from './client-auth.ts';
import { clientConfiguration } from './client-configuration.ts';
import type { ClientKey } from '../keys/client-key.ts';
import type { Discovered } from './discovery.ts';
import type { SessionDeps } from './session.ts';
import { toAuthError } from './map-auth-error.ts';
import { TokenStore } from './token-store.ts';

const ORG = {
  parent: 'helseid://claims/client/claims/orgnr_parent',
  child: 'helseid://claims/client/claims/orgnr_child',
  tenancy: 'helseid://claims/client/client_tenancy',
} as const;

/** What a user session needs, plus discovery and the client key (fetched lazily: no login first). */
export interface MachineTokensDeps extends SessionDeps {
  readonly discovery: () => Promise<Discovered>;
  readonly clientKey: () => Promise<ClientKey>;
}

export interface MachineTokens {
  readonly apis: readonly ApiConfig[];
  infos(): ApiTokenInfo[];
  /** the token's metadata and client/organization claims, fetching a token if there is none */
  describe(apiName: string): Promise<MachineTokenInfo>;
  call(api: ApiConfig, path?: string): Promise<ApiResponse>;
  /** drops every machine token and stops renewing them (quit) */
  close(): void;
}

export function createMachineTokens(deps: MachineTokensDeps): MachineTokens {
  const apis = deps.config.apis.filter((a) => a.machine);
  let connection: Promise<TokenSource> | undefined;
  let current: TokenSource | undefined;
  let closed = false;

  const connect = async (): Promise<TokenSource> => {
    // the key is loaded now only so that a missing or expired key fails here; every assertion
    // asks deps.clientKey() again (a renewal while the app runs replaces it)
    const [discovered] = await Promise.all([deps.discovery(), deps.clientKey()]);
    // no user session here: the organization comes from each machine API's configuration only
    const clock = deps.authorityClock;
    const authorityNow = clock ? () => clock.nowSeconds() : undefined;
    const clientAuth = helseIdClientAuth(
      deps.clientKey,
      assertionClaimsFor(deps.config, () => undefined),
      authorityNow,
    );
    const metadata: oidc.ClientMetadata = {
      client_id: deps.config.client.client_id,
      [oidc.clockSkew]: clock?.skewSeconds ?? discovered.clockSkewSeconds,
    };
    const configuration = clientConfiguration(deps.config, discovered, metadata, clientAuth, deps.fetch);
    const dpop = await createDpopSession(configuration, deps.nonces, authorityNow);
    const store = new TokenStore({
      apis,
      clock: deps.clock,
      scheduler: deps.scheduler,
      log: deps.log,
      onChange: deps.onChange,
      refreshMarginMs: deps.config.refresh_margin_seconds * 1000,
      request: (api) =>
        withAuthorityRetry(
          'client-credentials',
          () =>
            oidc.clientCredentialsGrant(
              configuration,
              { resource: api.resource, scope: api.scopes.join(' ') },
              { DPoP: dpop.handle },
            ),
          { log: deps.log, ...(clock ? { clock } : {}) },
        ).catch((err: unknown) => Promise.reject(toAuthError(err, 'client-credentials', clock?.skewSeconds))),
    });
    return { oidc: configuration, dpop, store };
  };
  const connected = (): Promise<TokenSource> => {
    if (closed) return Promise.reject(new AppError('not-logged-in', { detail: { reason: 'closed' } }));
    connection ??= connect().then((c) => {
      if (closed) c.store.clear(); // closed while connecting: nothing may survive
      return (current = c);
    });
    connection.catch(() => (connection = undefined)); // a failed discovery is retried next time
    return connection;
  };
  const apiNamed = (name: string): ApiConfig => {
    const api = apis.find((a) => a.name === name);
    if (!api) throw new AppError('api-unknown', { detail: { api: name, problem: 'not a machine API' } });
    return api;
  };

  return {
    apis,
    infos: () =>
      current?.store.infos() ??
      apis.map((api) => ({ name: api.name, audience: api.resource, scopes: [...api.scopes], state: 'none' as const })),
    async describe(name) {
      const api = apiNamed(name);
      const source = await connected();
      const token = await source.store.token(api.name);
      // our own token, fresh from the token endpoint: read, not verified (that is the API's job)
      const claims = decodeJwt(token.accessToken);
      const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const info = source.store.infos().find((i) => i.name === api.name)!;
      const organization = Object.fromEntries(
        Object.entries(ORG)
          .map(([k, c]) => [k, text(claims[c])])
          .filter(([, v]) => v !== undefined),
      ) as MachineTokenInfo['organization'];
      return { ...info, ...(text(claims.client_id) ? { clientId: text(claims.client_id)! } : {}), organization };
    },
    async call(api, path) {
      const source = await connected();
      return callApi(source, api, path);
    },
    close() {
      closed = true;
      current?.store.clear();
    },
  };
}
