// The emulated Selvbetjening for HelseID on its own 127.0.0.1 port: the API under /v1 (NHN's
// api.selvbetjening…) and the portal's confirmation page under /portal (NHN's selvbetjening…).
// Its clients are persisted in <state>/selvbetjening/ and reach the token endpoint through
// provider/provisioned-clients.ts.
import { EMBEDDED_SELVBETJENING_ORGANIZATION } from '../test-persons.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApiGuard } from '../api-guard/index.ts';
import type { Faults } from '../faults.ts';
import { sendJson } from '../http/io.ts';
import { SELVBETJENING } from '../settings.ts';
import { handleApi } from './api-routes.ts';
import { ClientRegistry } from './client-registry.ts';
import { handlePortal } from './confirm-page.ts';
import { defaultKnobs, type SelvbetjeningKnobs } from './knobs.ts';
import { sendProblem } from './problem.ts';
import { OFFERED_SCOPES } from './request-bodies.ts';
import { loadApiKey } from './registry-store.ts';

/** The organization the embedded installation is set up for, and its child units (synthetic,
 * valid modulus-11 numbers). Any 9-digit organization number is accepted in a draft. */
export const EMBEDDED_ORGANIZATION = {
  number: EMBEDDED_SELVBETJENING_ORGANIZATION,
  children: ['987654325', '976543211'],
} as const;
const PORTAL_PATH = '/portal';

/** `selvbetjening` in the environment's JSON line (a CONTRACT: the app reads these names). */
export interface SelvbetjeningInfo {
  api_url: string;
  web_url: string;
  api_key_path: string;
  organization_number: string;
  child_organization_numbers: string[];
}

export interface SelvbetjeningControl {
  readonly knobs: Readonly<SelvbetjeningKnobs>;
  set(changes: Partial<SelvbetjeningKnobs>): void;
  /** test hook: HelseID's client-configuration cache reloads now (confirmed clients become known) */
  refreshClientCache(): Promise<void>;
}

export interface SelvbetjeningOptions {
  stateDir: string;
  port?: number;
  issuer: string;
  jwksUri: string;
  faults: Faults;
  log: (line: string) => void;
  knobs?: Partial<SelvbetjeningKnobs>;
  /** epoch ms for key expiry and the cache delay (default: the servers' clock, faults.now) */
  now?: () => number;
}

export interface RunningSelvbetjening {
  info: SelvbetjeningInfo;
  control: SelvbetjeningControl;
  registry: ClientRegistry;
  now: () => number;
  knobs: () => SelvbetjeningKnobs;
  close(): Promise<void>;
}

/** A knob naming a scope the client system does not offer would silently do nothing: refuse it. */
function checked(changes: Partial<SelvbetjeningKnobs>): Partial<SelvbetjeningKnobs> {
  if (changes.pendingScope !== undefined && !OFFERED_SCOPES.includes(changes.pendingScope)) {
    throw new Error(
      `pending scope "${changes.pendingScope}" is not an API scope of the embedded client system (${OFFERED_SCOPES.join(', ')})`,
    );
  }
  return changes;
}

export async function startSelvbetjening(o: SelvbetjeningOptions): Promise<RunningSelvbetjening> {
  const dir = path.join(o.stateDir, 'selvbetjening');
  // an unset flag arrives as undefined and must not erase the default
  const given = Object.fromEntries(
    Object.entries(o.knobs ?? {}).filter(([, v]) => v !== undefined),
  ) as Partial<SelvbetjeningKnobs>;
  const knobs: SelvbetjeningKnobs = { ...defaultKnobs(), ...checked(given) };
  const now = o.now ?? (() => o.faults.now());
  const registry = await ClientRegistry.open({
    dir,
    now,
    keyLifetimeSeconds: () => knobs.keyLifetimeSeconds,
    clientCacheDelayMs: () => knobs.clientCacheDelayMs,
  });
  const { apiKey, path: apiKeyPath } = await loadApiKey(dir);
  const guard = createApiGuard({
    issuer: o.issuer,
    audience: SELVBETJENING.resource,
    jwksUri: o.jwksUri,
    requiredScopes: [SELVBETJENING.clientScope],
    userEndpoint: false,
    now: () => o.faults.now(),
    jwksCooldownMs: 1_000,
  });
  let origin = '';
  const apiDeps = { registry, apiKey, guard, origin: () => origin, knobs: () => knobs, now, log: o.log };
  const portalDeps = { registry, knobs: () => knobs, basePath: PORTAL_PATH, log: o.log };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith('/v1/') && (await o.faults.apply('selvbetjening', req, res))) return;
      if (await handleApi(req, res, url.pathname, apiDeps)) return;
      if (await handlePortal(req, res, url, portalDeps)) return;
      sendProblem(res, {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
        title: 'Not Found',
        status: 404,
        detail: `${url.pathname} is neither a Selvbetjening API endpoint (/v1/…) nor a portal page (${PORTAL_PATH}/confirm-client/<client id>)`,
      });
    })().catch((err: unknown) => {
      o.log(`selvbetjening: request failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent)
        sendJson(res, 500, {
          title: 'Internal Server Error',
          status: 500,
          detail: 'the embedded Selvbetjening failed; see its log',
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  o.log(
    `selvbetjening ready at ${origin} (portal ${origin}${PORTAL_PATH}); ${registry.all().length} client(s) from ${dir}`,
  );

  return {
    info: {
      api_url: origin,
      web_url: `${origin}${PORTAL_PATH}`,
      api_key_path: apiKeyPath,
      organization_number: EMBEDDED_ORGANIZATION.number,
      child_organization_numbers: [...EMBEDDED_ORGANIZATION.children],
    },
    control: {
      get knobs() {
        return { ...knobs };
      },
      set: (changes) => Object.assign(knobs, checked(changes)),
      refreshClientCache: () => registry.refreshClientCache(),
    },
    registry,
    now,
    knobs: () => knobs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
