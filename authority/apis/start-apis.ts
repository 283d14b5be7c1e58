// Starts the demo APIs, each on its own 127.0.0.1 port, and collects what the authority needs
// from them: the actor clients (front API), token exchange, extra token claims.
import type { JWK } from 'jose';
import type { Provider } from 'oidc-provider';
import { API_DEFINITIONS, FRONT_API_CLIENT_ID, type ApiDefinition, type ApiName } from '../settings.ts';
import type { Faults } from '../faults.ts';
import { loadClientKey, type ClientKey } from '../state/keys.ts';
import type { ClaimSource } from '../provider/token-claims.ts';
import { exchangeClaimSource, TOKEN_EXCHANGE_PARAMS, tokenExchangeHandler } from '../provider/token-exchange.ts';
import { TOKEN_EXCHANGE_GRANT } from '../provider/clients.ts';
import { startDemoApi, type DemoApiRoute, type RunningDemoApi } from './demo-api-server.ts';
import { personApiRoutes } from './person-api.ts';
import { recordApiRoutes } from './record-api.ts';
import { backApiRoutes, frontApiRoutes } from './front-api.ts';
import { registryApiRoutes } from './registry-api.ts';

export interface StartApisOptions {
  issuer: string;
  /** the authority's JWKS URL: the demo APIs fetch (and refetch on rotation) keys like any API */
  jwksUri: string;
  faults: Faults;
  log: (line: string) => void;
  /** in API_DEFINITIONS order: person, record, front, back, registry */
  ports: number[];
  stateDir: string;
}

/** One API in EnvironmentInfo; `machine` and `call_path` are optional for older readers. */
export interface ApiInfo {
  name: string;
  resource: string;
  scopes: string[];
  url: string;
  /** the demo endpoint's path */
  call_path?: string;
  /** machine-to-machine: a client gets its token by client credentials, not by a user login */
  machine?: boolean;
}

export interface StartedApis {
  info: ApiInfo[];
  clientKeys: ClientKey[];
  claimSources: ClaimSource[];
  tokenExchange: boolean;
  /** `signingJwks` is read at each exchange, so a key rotation applies to it too */
  registerGrants(provider: Provider, signingJwks: () => { keys: JWK[] }): void;
  close(): Promise<void>;
}

export async function startApis(o: StartApisOptions): Promise<StartedApis> {
  const frontKey = await loadClientKey(o.stateDir, FRONT_API_CLIENT_ID);
  const urls = new Map<ApiName, string>();
  const routes: Record<ApiName, DemoApiRoute[]> = {
    person: personApiRoutes,
    record: recordApiRoutes,
    front: frontApiRoutes({ issuer: o.issuer, actorKey: frontKey, backUrl: () => urls.get('back')! }),
    back: backApiRoutes,
    registry: registryApiRoutes,
  };
  const running: { api: ApiDefinition; server: RunningDemoApi }[] = [];
  try {
    for (const [i, api] of API_DEFINITIONS.entries()) {
      const server = await startDemoApi({
        api,
        port: o.ports[i] ?? 0,
        issuer: o.issuer,
        jwksUri: o.jwksUri,
        faults: o.faults,
        log: o.log,
        routes: routes[api.name],
      });
      urls.set(api.name, server.url);
      running.push({ api, server });
    }
  } catch (err) {
    await Promise.all(running.map((r) => r.server.close()));
    throw err;
  }
  const front = API_DEFINITIONS.find((a) => a.name === 'front')!;
  return {
    info: running.map(({ api, server }) => ({
      name: api.name,
      resource: api.resource,
      scopes: [...api.scopes],
      url: server.url,
      call_path: api.callPath,
      ...(api.machineOnly ? { machine: true } : {}),
    })),
    clientKeys: [frontKey],
    claimSources: [exchangeClaimSource],
    tokenExchange: true,
    registerGrants: (provider, signingJwks) => {
      provider.registerGrantType(
        TOKEN_EXCHANGE_GRANT,
        tokenExchangeHandler(provider, signingJwks, new Map([[FRONT_API_CLIENT_ID, front]])),
        TOKEN_EXCHANGE_PARAMS,
      );
    },
    close: async () => {
      await Promise.all(running.map((r) => r.server.close()));
    },
  };
}
