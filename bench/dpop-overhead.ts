// DPoP per-call overhead benchmark: what a DPoP-bound call costs over a plain Bearer call.
// The demo APIs refuse Bearer (as HelseID's DPoP APIs must), so one run measures:
//   1. in-process: creating one proof (ES256 sign + ath) and verifying one (what an API adds);
//   2. a local endpoint (lib/dpop-local-api.ts) with a Bearer route and a DPoP route that check the
//      same access token — the DPoP route also checks the proof: wall time per call, both ways;
//   3. the embedded environment's person API through our client (DPoP, full HelseID checks), for
//      scale — and one Bearer request to show it is refused.
// `node bench/dpop-overhead.ts [--calls N]`; `bench/run.ts` calls runDpopOverheadBenchmark().
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  calculateJwkThumbprint,
  EmbeddedJWK,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import * as oidc from 'openid-client';
import { startEnvironment } from '../authority/environment.ts';
import { createHelseIdClient } from '../src/main/auth/helseid-client.ts';
import { configFromEnvironmentInfo } from '../src/main/config/index.ts';
import { timingBrowser } from './lib/login-counting-fetch.ts';
import { round, summarize, type Summary } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

export interface DpopOverheadSettings {
  readonly calls: number;
}

// The local API: the demo APIs refuse Bearer, so the Bearer baseline needs an endpoint of its own.
// Both routes check the access token (RS256, iss, aud, exp); /dpop also checks the proof the way the
// demo APIs do (typ, ES256 over the embedded jwk, htm, htu, iat, ath, cnf.jkt, jti replay), so the
// difference between the routes is exactly DPoP's server-side cost.
const BENCH_ISSUER = 'https://bench.invalid';
const BENCH_AUDIENCE = 'bench:api';

async function verifyProof(
  proof: string,
  accessToken: string,
  method: string,
  htu: string,
  jkt: string,
  seen: Set<string>,
): Promise<void> {
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: ['ES256'],
    maxTokenAge: 60,
    clockTolerance: 5,
  });
  if (payload['htm'] !== method || payload['htu'] !== htu) throw new Error('htm/htu');
  const ath = createHash('sha256').update(accessToken).digest('base64url');
  if (payload['ath'] !== ath) throw new Error('ath');
  if ((await calculateJwkThumbprint(protectedHeader.jwk as JWK)) !== jkt) throw new Error('cnf.jkt');
  if (typeof payload.jti !== 'string' || seen.has(payload.jti)) throw new Error('jti replay');
  seen.add(payload.jti);
}

async function startLocalApi(authorityPublicKey: CryptoKey): Promise<{ url: string; close(): Promise<void> }> {
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    void (async () => {
      const [scheme, token = ''] = (req.headers.authorization ?? '').split(' ');
      const { payload } = await jwtVerify(token, authorityPublicKey, {
        issuer: BENCH_ISSUER,
        audience: BENCH_AUDIENCE,
        algorithms: ['RS256'],
      });
      if (req.url === '/dpop') {
        if (scheme !== 'DPoP') throw new Error('scheme');
        const jkt = (payload['cnf'] as { jkt?: string } | undefined)?.jkt ?? '';
        await verifyProof(String(req.headers.dpop ?? ''), token, 'GET', `http://${req.headers.host}/dpop`, jkt, seen);
      } else if (scheme !== 'Bearer') throw new Error('scheme');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    })().catch(() => res.writeHead(401).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function timeEach(n: number, task: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < Math.min(20, n); i++) await task(); // warm-up: JIT, keep-alive sockets
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await task();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

const row = (what: string, s: Summary): string[] => [
  what,
  String(s.n),
  round(s.p50, 3).toFixed(3),
  round(s.p95, 3).toFixed(3),
];

export async function runDpopOverheadBenchmark(
  settings: DpopOverheadSettings,
  log: (line: string) => void = console.log,
): Promise<boolean> {
  const n = settings.calls;
  // an "authority" key for access tokens and a DPoP key, both local
  const authority = await generateKeyPair('RS256');
  const dpopKeys = await generateKeyPair('ES256');
  const publicJwk = await exportJWK(dpopKeys.publicKey);
  const jkt = await calculateJwkThumbprint(publicJwk);
  const mint = (cnf: boolean) =>
    new SignJWT({ scope: ['bench:api/read'], ...(cnf ? { cnf: { jkt } } : {}) })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .setIssuer(BENCH_ISSUER)
      .setAudience(BENCH_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(authority.privateKey);
  const [bearerToken, dpopToken] = await Promise.all([mint(false), mint(true)]);
  const api = await startLocalApi(authority.publicKey);
  const rows: string[][] = [];
  try {
    const htu = `${api.url}/dpop`;
    const proof = () =>
      new SignJWT({
        htm: 'GET',
        htu,
        jti: randomUUID(),
        ath: createHash('sha256').update(dpopToken).digest('base64url'),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk })
        .setIssuedAt()
        .sign(dpopKeys.privateKey);
    const seen = new Set<string>();
    const proofs = await Promise.all(Array.from({ length: n + 20 }, proof));
    let next = 0;
    rows.push(row('client: create proof (ES256 + ath)', await timeEach(n, proof)));
    rows.push(
      row(
        'API: verify proof (sig, htm/htu/iat/ath, jkt, jti)',
        await timeEach(n, () => verifyProof(proofs[next++]!, dpopToken, 'GET', htu, jkt, seen)),
      ),
    );

    const config = new oidc.Configuration({ issuer: BENCH_ISSUER }, 'bench');
    oidc.allowInsecureRequests(config);
    const handle = oidc.getDPoPHandle(config, dpopKeys);
    const ok = (r: Response) => {
      if (r.status !== 200) throw new Error(`local API answered ${r.status}`);
      return r.arrayBuffer();
    };
    const bearer = await timeEach(n, () =>
      fetch(`${api.url}/bearer`, { headers: { authorization: `Bearer ${bearerToken}` } }).then(ok),
    );
    const dpop = await timeEach(n, () =>
      oidc
        .fetchProtectedResource(config, dpopToken, new URL(htu), 'GET', undefined, undefined, { DPoP: handle })
        .then(ok),
    );
    rows.push(
      row('local API call, Bearer (AT checked)', bearer),
      row('local API call, DPoP (AT + proof checked)', dpop),
    );
    rows.push(['DPoP − Bearer per call (p50)', '', round(dpop.p50 - bearer.p50, 3).toFixed(3), '']);
  } finally {
    await api.close();
  }

  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-bench-dpop-'));
  const env = await startEnvironment({ stateDir });
  let bearerRefused: boolean | undefined;
  try {
    const config = configFromEnvironmentInfo(env.info);
    const client = createHelseIdClient({ config, openExternal: timingBrowser().openExternal });
    await client.login({ testPid: '13827099842' });
    rows.push(
      row('demo person API via our client (DPoP, full checks)', await timeEach(n, () => client.callApi('person'))),
    );
    const person = config.apis.find((a) => a.name === 'person')!;
    const refused = await fetch(new URL('/api/person/me', person.base_url), { headers: { authorization: 'Bearer x' } });
    bearerRefused = refused.status === 401;
    await client.logout({ endSessionInBrowser: false });
  } finally {
    await env.close();
    await rm(stateDir, { recursive: true, force: true });
  }
  log('');
  log(`DPoP overhead — ${n} calls each, ms (p50 / p95), one process, keep-alive connections`);
  log(formatTable(['what', 'n', 'p50 ms', 'p95 ms'], rows));
  log(
    `demo API refuses Bearer: ${bearerRefused ? 'yes (401)' : 'NO'} — hence the local endpoint for the Bearer baseline`,
  );
  return bearerRefused === true;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { calls: { type: 'string' } } });
  const calls = Number(values.calls ?? 500);
  if (!Number.isInteger(calls) || calls < 1) {
    console.error('usage: node bench/dpop-overhead.ts [--calls N]  (N ≥ 1, default 500)');
    process.exitCode = 2;
  } else {
    process.exitCode = (await runDpopOverheadBenchmark({ calls })) ? 0 : 1;
  }
}
