// What the hardening audit threw at the API guard and a demo API built on it: a replay cache
// flood, request targets in absolute form, tokens living a century, tokens issued tomorrow, user
// tokens with empty identities, and a second Authorization header (which Node folds away). Each
// is a named case against the guard, and where Node's HTTP parsing matters, against a real server.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardError, MemoryReplayCache, type GuardSuccess } from '../../../authority/api-guard/index.ts';
import { startDemoApi, type RunningDemoApi } from '../../../authority/apis/demo-api-server.ts';
import { Faults } from '../../../authority/faults.ts';
import type { ApiDefinition } from '../../../authority/settings.ts';
import {
  accessToken,
  AUDIENCE,
  fixture,
  guardFor,
  ISSUER,
  LEVEL,
  PID,
  proof,
  request,
  SCOPE,
  URL_,
  type Fixture,
} from './support/guard-fixture.ts';

const HPR = 'helseid://claims/hpr/hpr_number';
const now = () => Math.floor(Date.now() / 1000);
let f: Fixture;

async function refused(
  result: Promise<GuardSuccess | GuardError>,
  error: string,
  description: RegExp,
): Promise<GuardError> {
  const r = await result;
  expect(r).toBeInstanceOf(GuardError);
  const e = r as GuardError;
  expect({ error: e.error, description: e.message }).toMatchObject({
    error,
    description: expect.stringMatching(description),
  });
  return e;
}

// A demo API on a real port, trusting the fixture's authority key through a real JWKS endpoint.
let jwksServer: http.Server;
let api: RunningDemoApi;
const API: ApiDefinition = {
  name: 'person',
  resource: AUDIENCE,
  scopes: [SCOPE],
  userRequired: true,
  callPath: '/api/person/me',
};

beforeAll(async () => {
  f = await fixture();
  jwksServer = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [f.authorityJwk] })),
  );
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
  api = await startDemoApi({
    api: API,
    port: 0,
    issuer: ISSUER,
    jwksUri,
    faults: new Faults(),
    log: () => {},
    routes: [{ method: 'GET', path: '/api/person/me', handle: () => ({ served: true }) }],
  });
});
afterAll(async () => {
  await api?.close();
  jwksServer?.close();
});

/** One raw HTTP/1.1 request, exactly as written (duplicate headers, absolute-form targets). */
function raw(
  target: string,
  headers: readonly (readonly [string, string])[],
): Promise<{ status: number; body: string }> {
  const port = Number(new URL(api.url).port);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const lines = [
        `GET ${target} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        ...headers.map(([k, v]) => `${k}: ${v}`),
        'Connection: close',
        '',
        '',
      ];
      socket.write(lines.join('\r\n'));
    });
    let text = '';
    socket
      .setEncoding('utf8')
      .on('data', (c) => (text += c))
      .on('error', reject)
      .on('end', () => {
        const [head = '', body = ''] = text.split('\r\n\r\n', 2);
        // the demo API answers chunked: keep the chunks' data, drop their size lines
        const data = /transfer-encoding: chunked/i.test(head)
          ? body
              .split('\r\n')
              .filter((_, i) => i % 2 === 1)
              .join('')
          : body;
        resolve({ status: Number(head.slice(9, 12)), body: data });
      });
  });
}

describe('API guard: replay cache', () => {
  it('replayCache_floodedWith100000FreshProofs_stillRefusesTheVictimsReplay', async () => {
    const cache = new MemoryReplayCache();
    const guard = guardFor(f, { replayCache: cache });
    const t = await accessToken(f);
    const victim = await proof(f, t);
    expect(await guard.verify(request(t, victim))).toMatchObject({ ok: true });
    // an attacker holding a token of its own sends fresh proofs as fast as it can (within the window)
    const at = Date.now();
    for (let i = 0; i < 100_000; i++) expect(cache.firstUse(`attacker-jkt:flood-${i}`, at, 65_000)).toBe(true);
    await refused(guard.verify(request(t, victim)), 'invalid_dpop_proof', /replay/);
  });

  it('replayCache_forgetsAJtiOnlyAfterItsWindow', () => {
    const cache = new MemoryReplayCache();
    expect(cache.firstUse('k:1', 1_000, 65_000)).toBe(true);
    expect(cache.firstUse('k:1', 65_999, 65_000)).toBe(false);
    expect(cache.firstUse('k:1', 66_001, 65_000)).toBe(true); // by then its proof fails the iat check anyway
  });

  it('replayCache_full_refusesNewProofsInsteadOfForgettingOldOnes', async () => {
    const cache = new MemoryReplayCache({ maxEntries: 3 });
    const guard = guardFor(f, { replayCache: cache });
    const t = await accessToken(f);
    const victim = await proof(f, t);
    expect(await guard.verify(request(t, victim))).toMatchObject({ ok: true });
    cache.firstUse('x:1', Date.now(), 65_000);
    cache.firstUse('x:2', Date.now(), 65_000);
    const e = await refused(
      guard.verify(request(t, await proof(f, t))),
      'temporarily_unavailable',
      /too many DPoP proofs/,
    );
    expect(e.status).toBe(503);
    await refused(guard.verify(request(t, victim)), 'invalid_dpop_proof', /replay/);
  });
});

describe('API guard: request targets', () => {
  it('absoluteFormTarget_toAnotherHost_isRefused400_not500', async () => {
    const t = await accessToken(f);
    const res = await raw('http://evil.example/api/person/me', [
      ['Authorization', `DPoP ${t}`],
      ['DPoP', await proof(f, t)],
    ]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/request target/),
    });
  });

  it('absoluteFormTarget_forThisApi_isHandledLikeOriginForm', async () => {
    const t = await accessToken(f);
    const htu = `${api.url}/api/person/me`;
    const res = await raw(`${htu}?x=1`, [
      ['Authorization', `DPoP ${t}`],
      ['DPoP', await proof(f, t, { htu })],
    ]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ served: true });
  });

  it('malformedRequestUrl_atTheGuard_isARefusalNotAnException', async () => {
    const t = await accessToken(f);
    await refused(
      guardFor(f).verify(request(t, await proof(f, t), { url: 'http://127.0.0.1:1234http://host/path' })),
      'invalid_request',
      /absolute http\(s\) URL/,
    );
    await refused(
      guardFor(f).verify(request(t, await proof(f, t), { url: '/api/person/me' })),
      'invalid_request',
      /absolute http\(s\) URL/,
    );
  });
});

describe('API guard: token lifetimes', () => {
  it('tokenExp100YearsAhead_isRefused', async () => {
    const t = await accessToken(f, { exp: now() + 100 * 365 * 86_400 });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /exp.*too far in the future/);
  });

  it('tokenExp25HoursAhead_isRefused_butOneHourIsAccepted', async () => {
    const long = await accessToken(f, { exp: now() + 25 * 3600 });
    await refused(
      guardFor(f).verify(request(long, await proof(f, long))),
      'invalid_token',
      /exp.*too far in the future/,
    );
    const hour = await accessToken(f, { exp: now() + 3600 });
    expect(await guardFor(f).verify(request(hour, await proof(f, hour)))).toMatchObject({ ok: true });
  });

  it('tokenIatADayAhead_isRefused', async () => {
    const t = await accessToken(f, { iat: now() + 86_400 });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /iat.*in the future/);
  });

  it('tokenIatWithinLeeway_isAccepted', async () => {
    const t = await accessToken(f, { iat: now() + 2 });
    expect(await guardFor(f).verify(request(t, await proof(f, t)))).toMatchObject({ ok: true });
  });
});

describe('API guard: the person behind a user token', () => {
  it('emptyPid_andHprNumberZero_failTheUserCheck', async () => {
    const t = await accessToken(f, { [PID]: '', [HPR]: '0' });
    const e = await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /pid|hpr_number/);
    expect(e.status).toBe(403);
  });

  it('pidWithWrongCheckDigits_failsTheUserCheck_evenWithAValidHprNumber', async () => {
    const t = await accessToken(f, { [PID]: '13827099843', [HPR]: '9144900' });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /pid.*11 digits.*check digits/);
  });

  it('pidOfWrongShape_failsTheUserCheck', async () => {
    for (const pid of ['1382709984', '138270998420', ' 13827099842', 13827099842, '1382709984x']) {
      const t = await accessToken(f, { [PID]: pid });
      await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /pid/);
    }
  });

  it('hprNumberNotAPositiveNumber_failsTheUserCheck', async () => {
    for (const hpr of ['0', '-1', '', '1e3', '0123', 'abc', 0, -5]) {
      const t = await accessToken(f, { [PID]: undefined, [HPR]: hpr });
      await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /hpr_number/);
    }
  });

  it('hprNumberOnly_positive_passesTheUserCheck', async () => {
    const t = await accessToken(f, { [PID]: undefined, [HPR]: '9144900' });
    expect(await guardFor(f).verify(request(t, await proof(f, t)))).toMatchObject({ ok: true, kind: 'user' });
  });

  it('validPid_passesTheUserCheck', async () => {
    const t = await accessToken(f, { [HPR]: '9144900', [LEVEL]: '4' });
    expect(await guardFor(f).verify(request(t, await proof(f, t)))).toMatchObject({ ok: true, kind: 'user' });
  });
});

describe('API guard: headers', () => {
  it('twoAuthorizationHeaders_atARealServer_areRefused', async () => {
    const t = await accessToken(f);
    const other = await accessToken(f, { [PID]: '02857199823' });
    const res = await raw('/api/person/me', [
      ['Authorization', `DPoP ${t}`],
      ['Authorization', `DPoP ${other}`],
      ['DPoP', await proof(f, t, { htu: `${api.url}/api/person/me` })],
    ]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/exactly one Authorization header/),
    });
  });

  it('twoAuthorizationHeaders_inRawHeaders_areRefusedByTheGuard', async () => {
    const t = await accessToken(f);
    const req = {
      ...request(t, await proof(f, t)),
      rawHeaders: ['Authorization', `DPoP ${t}`, 'authorization', `DPoP ${t}`, 'DPoP', 'x'],
    };
    await refused(guardFor(f).verify(req), 'invalid_request', /exactly one Authorization header/);
  });

  it('twoDpopHeaders_inRawHeaders_areRefusedByTheGuard', async () => {
    const t = await accessToken(f);
    const p = await proof(f, t);
    const req = { ...request(t, p), rawHeaders: ['Authorization', `DPoP ${t}`, 'DPoP', p, 'dpop', p] };
    await refused(guardFor(f).verify(req), 'invalid_dpop_proof', /exactly one DPoP header/);
  });

  it('oneAuthorizationHeader_atARealServer_isServed', async () => {
    const t = await accessToken(f);
    const res = await raw('/api/person/me', [
      ['Authorization', `DPoP ${t}`],
      ['DPoP', await proof(f, t, { htu: `${api.url}/api/person/me` })],
    ]);
    expect(res.status).toBe(200);
  });
});

describe('API guard: hostile inputs seen before, still refused', () => {
  it('proofIatADayAhead_isRefused', async () => {
    const t = await accessToken(f);
    await refused(
      guardFor(f).verify(request(t, await proof(f, t, { iat: now() + 86_400 }))),
      'invalid_dpop_proof',
      /iat/,
    );
  });

  it('htuWithFragment_orOtherHost_isRefused', async () => {
    const t = await accessToken(f);
    await refused(guardFor(f).verify(request(t, await proof(f, t, { htu: `${URL_}#x` }))), 'invalid_dpop_proof', /htu/);
    await refused(
      guardFor(f).verify(request(t, await proof(f, t, { htu: 'https://evil.example/api/person/me' }))),
      'invalid_dpop_proof',
      /htu/,
    );
  });
});
