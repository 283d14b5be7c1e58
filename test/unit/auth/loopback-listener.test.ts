// Hostile and stray input to the loopback listener: the login must still succeed (or fail cleanly),
// the listener must keep waiting for the real callback, and no page may echo a code or a token.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackListener, type LoopbackListener } from '../../../src/main/auth/loopback-listener.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';

const ISSUER = 'http://127.0.0.1:9/';
const STATE = 'state-abc';
let listener: LoopbackListener | undefined;

afterEach(() => listener?.close());

async function start(overrides: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  listener = await startLoopbackListener({ expectedState: STATE, expectedIssuer: ISSUER, timeoutMs: overrides.timeoutMs ?? 5_000, ...overrides });
  return listener;
}

/** A raw request with full control over method, path and headers. */
function request(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const target = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path, method: options.method ?? 'GET', headers: { host: target.host, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const callbackPath = (query: string) => `/callback?${query}`;
const good = `code=SECRET-CODE-123&state=${STATE}&iss=${encodeURIComponent(ISSUER)}&session_state=x`;

describe('loopback listener', () => {
  it('callback_withRightState_resolvesAndShowsClosableTabInBothLanguages', async () => {
    const l = await start();
    expect(l.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const res = await request(l.redirectUri, callbackPath(good));
    expect(res.status).toBe(200);
    expect(res.body).toContain('kan lukke denne fanen');
    expect(res.body).toContain('can close this tab');
    expect(res.body).not.toContain('SECRET-CODE-123');
    const url = await l.callback;
    expect(url.searchParams.get('code')).toBe('SECRET-CODE-123');
  });

  it('strayRequests_wrongStateMissingStateOtherPathsAndMethods_areRefusedAndLoginStillSucceeds', async () => {
    const l = await start();
    const strays = await Promise.all([
      request(l.redirectUri, callbackPath('code=EVIL-CODE&state=other')),
      request(l.redirectUri, callbackPath('code=EVIL-CODE')),
      request(l.redirectUri, callbackPath(`code=EVIL-CODE&state=${STATE}&state=${STATE}`)),
      request(l.redirectUri, callbackPath(`code=EVIL-CODE&state=${STATE}&iss=https%3A%2F%2Fevil.example`)),
      request(l.redirectUri, callbackPath('error=access_denied&state=other')),
      request(l.redirectUri, callbackPath(`state=${STATE}`)),
      request(l.redirectUri, `/other?${good}`),
      request(l.redirectUri, '/favicon.ico'),
      request(l.redirectUri, callbackPath(good), { method: 'POST', body: 'x'.repeat(1000) }),
      request(l.redirectUri, callbackPath(good), { method: 'HEAD' }),
      request(l.redirectUri, callbackPath(good), { headers: { host: 'evil.example' } }),
    ]);
    for (const res of strays) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain('EVIL-CODE');
      expect(res.body).not.toContain('SECRET-CODE');
    }
    await request(l.redirectUri, callbackPath(good));
    expect((await l.callback).searchParams.get('code')).toBe('SECRET-CODE-123');
  });

  it('errorResponse_withRightState_endsLoginWithFailurePage', async () => {
    const l = await start();
    const res = await request(l.redirectUri, callbackPath(`error=access_denied&error_description=%3Cscript%3E&state=${STATE}`));
    expect(res.status).toBe(200);
    expect(res.body).toContain('ble ikke fullført');
    expect(res.body).not.toContain('<script>');
    expect((await l.callback).searchParams.get('error')).toBe('access_denied');
  });

  it('replayedCallback_afterSuccess_isNotAccepted', async () => {
    const l = await start();
    await request(l.redirectUri, callbackPath(good));
    await l.callback;
    const replay = await request(l.redirectUri, callbackPath(good)).catch((err: NodeJS.ErrnoException) => err.code);
    expect(replay).toBe('ECONNREFUSED');
  });

  it('oversizedRequest_urlOrHeaders_isRefusedWithoutEndingLogin', async () => {
    const l = await start();
    const longUrl = await request(l.redirectUri, callbackPath(`${good}&pad=${'a'.repeat(5000)}`));
    expect(longUrl.status).toBe(414);
    const bigHeader = await request(l.redirectUri, callbackPath(good), { headers: { 'x-pad': 'a'.repeat(20_000) } })
      .then((r) => r.status, () => 'closed');
    expect([431, 400, 'closed']).toContain(bigHeader);
    await request(l.redirectUri, callbackPath(good));
    await expect(l.callback).resolves.toBeInstanceOf(URL);
  });

  it('manyConcurrentIdleConnections_beyondTheLimit_areCutAndTheRealCallbackStillSucceeds', async () => {
    const l = await start();
    const port = Number(new URL(l.redirectUri).port);
    const sockets = Array.from({ length: 60 }, () => {
      const s = net.connect(port, '127.0.0.1', () => s.write('GET /callback?state=slowloris HTTP/1.1\r\nHost: x\r\n'));
      s.on('error', () => {}); // the ones over the limit are reset
      return s;
    });
    const closed = sockets.map((s) => new Promise<void>((r) => s.on('close', () => r())));
    await Promise.all(closed); // the listener drops them (connection limit, header timeout)
    const res = await request(l.redirectUri, callbackPath(good));
    expect(res.status).toBe(200);
    await l.callback;
    sockets.forEach((s) => s.destroy());
  }, 10_000);

  it('noCallback_withinTimeout_rejectsLoginTimeoutAndCloses', async () => {
    const l = await start({ timeoutMs: 100 });
    const err = await l.callback.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('login-timeout');
    await expect(request(l.redirectUri, callbackPath(good))).rejects.toThrow();
  });

  it('abortSignal_cancelsWaitingLogin', async () => {
    const controller = new AbortController();
    const l = await start({ signal: controller.signal });
    controller.abort();
    await expect(l.callback).rejects.toMatchObject({ code: 'login-cancelled' });
  });

  it('portRange_inUse_movesToNextFreePort', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      listener = await startLoopbackListener({ expectedState: STATE, expectedIssuer: ISSUER, timeoutMs: 1000, port: { from: taken, to: taken + 5 } });
      expect(Number(new URL(listener.redirectUri).port)).toBeGreaterThan(taken);
    } finally {
      blocker.close();
    }
  });
});
