// A demo API on its own 127.0.0.1 port that admits a request only after the API guard
// (authority/api-guard) accepted its token and proof. Routes get the guard's result; a route may
// still refuse by throwing a GuardError (e.g. the record API's missing Tillitsrammeverk claims).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiDefinition } from '../settings.ts';
import type { Faults } from '../faults.ts';
import { sendJson } from '../http/io.ts';
import { onServerClock } from '../server-clock.ts';
import { createApiGuard, GuardError, type ApiGuard, type GuardSuccess } from '../api-guard/index.ts';

export interface DemoApiRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(accepted: GuardSuccess, req: IncomingMessage): Promise<unknown> | unknown;
}

export interface DemoApiOptions {
  api: ApiDefinition;
  port: number;
  issuer: string;
  jwksUri: string;
  faults: Faults;
  log: (line: string) => void;
  routes: DemoApiRoute[];
}

export interface RunningDemoApi {
  url: string;
  close(): Promise<void>;
}

function guardFor(o: DemoApiOptions): ApiGuard {
  return createApiGuard({
    issuer: o.issuer,
    audience: o.api.resource,
    jwksUri: o.jwksUri,
    requiredScopes: o.api.scopes,
    userEndpoint: o.api.userRequired,
    machineOnly: o.api.machineOnly ?? false,
    dpopNonce: o.api.dpopNonce ?? false,
    // the fault knob's clock offset moves the APIs' clock too
    now: () => o.faults.now(),
    // a rotation at the authority must reach the demo APIs at once in tests
    jwksCooldownMs: 1_000,
  });
}

/**
 * The request's target URI (RFC 9112 §3.2): origin-form (`/path`) is relative to this API;
 * absolute-form (`http://host/path`, which servers must accept) must name this API itself —
 * anything else is a request for another server, refused rather than verified against our origin.
 */
function targetUri(requestTarget: string, base: string): URL | undefined {
  if (requestTarget.startsWith('/')) return URL.parse(`${base}${requestTarget}`) ?? undefined;
  const absolute = URL.parse(requestTarget);
  return absolute !== null && absolute.origin === base ? absolute : undefined;
}

export async function startDemoApi(o: DemoApiOptions): Promise<RunningDemoApi> {
  const guard = guardFor(o);
  let base = '';
  const refuse = (res: Parameters<typeof sendJson>[0], req: IncomingMessage, path: string, err: GuardError) => {
    o.log(`${o.api.name} API refused ${req.method} ${path}: ${err.error}: ${err.message}`);
    sendJson(res, err.status, err.body(), err.headers(guard.algorithms));
  };
  // the server side runs on the fault-offset clock: the front API's own token exchange included
  const server = createServer((req, res) =>
    onServerClock(
      () => o.faults.offsetMs(),
      () => {
        void (async () => {
          await o.faults.delay();
          if (await o.faults.apply('api', req, res)) return;
          const target = targetUri(req.url ?? '/', base);
          if (target === undefined) {
            return sendJson(res, 400, {
              error: 'invalid_request',
              error_description: `the request target must be a path or an absolute URL of ${base}`,
            });
          }
          const path = target.pathname;
          const route = o.routes.find((r) => r.path === path && r.method === req.method);
          if (!route)
            return sendJson(res, 404, {
              error: 'not_found',
              error_description: `${req.method} ${path} is not an endpoint of the ${o.api.name} API`,
            });
          const result = await guard.verify({
            method: req.method ?? 'GET',
            url: target.href,
            headers: req.headers,
            rawHeaders: req.rawHeaders,
          });
          if (result instanceof GuardError) return refuse(res, req, path, result);
          try {
            const answer = await route.handle(result, req);
            const padding = o.faults.settings.apiAnswerPaddingChars;
            // a fault knob: the same answer with a huge string in it (each character a digit and a
            // letter in turn, so it is neither one long token nor one long number)
            const padded =
              padding && answer && typeof answer === 'object'
                ? { ...answer, padding: 'a1'.repeat(padding / 2) }
                : answer;
            sendJson(res, 200, padded, result.responseHeaders);
            o.log(`${o.api.name} API served ${req.method} ${path} (${result.kind} token)`);
          } catch (err) {
            if (!(err instanceof GuardError)) throw err;
            refuse(res, req, path, err);
          }
        })().catch((err: unknown) => {
          o.log(`${o.api.name} API failed: ${(err as Error).message}`);
          if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: 'demo API failed' });
        });
      },
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
