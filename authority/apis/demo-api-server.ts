// A demo API on its own 127.0.0.1 port that admits a request only after verify-api-request.ts
// accepted its token and proof. Routes get the accepted claims.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTVerifyGetKey } from 'jose';
import type { ApiDefinition } from '../settings.ts';
import type { Faults } from '../faults.ts';
import { sendJson } from '../http/io.ts';
import { JtiReplayCache } from './dpop-replay-cache.ts';
import { ApiAuthError, verifyApiRequest } from './verify-api-request.ts';

export interface DemoApiRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(claims: Record<string, unknown>, req: IncomingMessage): Promise<unknown> | unknown;
}

export interface DemoApiOptions {
  api: ApiDefinition;
  port: number;
  issuer: string;
  keys: JWTVerifyGetKey;
  faults: Faults;
  log: (line: string) => void;
  routes: DemoApiRoute[];
}

export interface RunningDemoApi {
  url: string;
  close(): Promise<void>;
}

export function challengeHeader(err: ApiAuthError): string {
  const description = err.message.replace(/["\\]/g, "'");
  return `DPoP error="${err.error}", error_description="${description}", algs="ES256 PS256 RS256"`;
}

export async function startDemoApi(o: DemoApiOptions): Promise<RunningDemoApi> {
  const replay = new JtiReplayCache(120_000);
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      if (await o.faults.apply('api', req, res)) return;
      const path = new URL(req.url ?? '/', base).pathname;
      const route = o.routes.find((r) => r.path === path && r.method === req.method);
      if (!route) return sendJson(res, 404, { error: 'not_found', error_description: `${req.method} ${path} is not an endpoint of the ${o.api.name} API` });
      try {
        const claims = await verifyApiRequest(req, {
          api: o.api, issuer: o.issuer, keys: o.keys, replay, now: () => o.faults.now(), expectedHtu: `${base}${path}`,
        });
        sendJson(res, 200, await route.handle(claims, req));
        o.log(`${o.api.name} API served ${req.method} ${path}`);
      } catch (err) {
        if (!(err instanceof ApiAuthError)) throw err;
        o.log(`${o.api.name} API refused ${req.method} ${path}: ${err.error}: ${err.message}`);
        sendJson(res, err.status, { error: err.error, error_description: err.message }, { 'WWW-Authenticate': challengeHeader(err) });
      }
    })().catch((err: unknown) => {
      o.log(`${o.api.name} API failed: ${(err as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: 'demo API failed' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
