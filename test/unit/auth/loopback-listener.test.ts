// Hostile and stray input to the loopback listener: the login must still succeed (or fail cleanly),
// the listener must keep waiting for the real callback, and no page may echo a code or a token.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLoopbackListener, type LoopbackListener } from '../../../src/main/auth/loopback-listener.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';

const ISSUER = 'http://127.0.0.1:9/';
const STATE = 'state-abc';
let listener: LoopbackListener | undefined;

afterEach(() => {
  listener?.close();
  vi.useRealTimers();
});

async function start(overrides: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  listener = await startLoopbackListener({
    expectedState: STATE,
    expectedIssuer: ISSUER,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    ...overrides,
  });
  return listener;
}

/** A raw request with full control over method, path and headers. */
function request(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const target = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: target.host, ...options.headers },
      },
      (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (c) => (body += c))
          .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const callbackPath = (query: string) => `/callback?${query}`;

type AttackKind =
  'silent' | 'partial request line' | 'wrong state, headers trickling' | 'wrong state, complete requests';

/**
 * A local process starving the listener: keeps `count` connections open and reopens each one the
 * moment it closes, until stopped. What each connection sends depends on `kind`.
 */
function holdConnections(port: number, count: number, kind: AttackKind) {
  let active = true;
  let opened = 0;
  const sockets = new Set<net.Socket>();
  const open = () => {
    if (!active) return;
    opened += 1;
    const s = net.connect(port, '127.0.0.1');
    sockets.add(s);
    s.on('connect', () => {
      if (kind === 'partial request line') s.write('GET /callback?state=slo');
      if (kind === 'wrong state, headers trickling')
        s.write(`GET /callback?state=wrong&code=x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Pad: a`);
      if (kind === 'wrong state, complete requests')
        s.write(`GET /callback?state=wrong&code=x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      sockets.delete(s);
      if (active) setImmediate(open);
    });
  };
  for (let i = 0; i < count; i++) open();
  return {
    opened: () => opened,
    open: () => sockets.size,
    stop() {
      active = false;
      for (const s of sockets) s.destroy();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}
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
    const res = await request(
      l.redirectUri,
      callbackPath(`error=access_denied&error_description=%3Cscript%3E&state=${STATE}`),
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain('ble ikke fullført');
    // nothing from the request is echoed: the only script is our own tab closer
    expect(res.body.replace('<script>window.close();</script>', '')).not.toContain('<script>');
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
    const bigHeader = await request(l.redirectUri, callbackPath(good), {
      headers: { 'x-pad': 'a'.repeat(20_000) },
    }).then(
      (r) => r.status,
      () => 'closed',
    );
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

  it.each<AttackKind>([
    'silent',
    'partial request line',
    'wrong state, headers trickling',
    'wrong state, complete requests',
  ])(
    'starvation_64ConnectionsHeldOpenAndReopened_%s_doNotBlockTheRealCallback',
    async (kind) => {
      const l = await start({ timeoutMs: 20_000 });
      const attack = holdConnections(Number(new URL(l.redirectUri).port), 64, kind);
      try {
        // the attack is in full swing once the listener has had to turn connections away
        await until(() => attack.opened() >= 64 + 64);
        const res = await request(l.redirectUri, callbackPath(good)).catch((err: NodeJS.ErrnoException) => ({
          status: err.code,
          body: '',
        }));
        expect(res.status).toBe(200);
        expect((await l.callback).searchParams.get('code')).toBe('SECRET-CODE-123');
      } finally {
        attack.stop();
      }
    },
    20_000,
  );

  it('fullPool_idleConnectionsAreClosedSoonerThanTheNormalDeadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const l = await start({ timeoutMs: 60_000 });
    const port = Number(new URL(l.redirectUri).port);
    const sockets = Array.from({ length: 40 }, () => net.connect(port, '127.0.0.1').on('error', () => {}));
    const closed = new Set<net.Socket>();
    for (const s of sockets) s.on('close', () => closed.add(s));
    await Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r))));
    // fake time moves on in small steps while the real sockets settle; a second is a third of
    // the 3 s a lone idle connection gets
    for (let ms = 0; ms < 1_000 && closed.size < sockets.length; ms += 50) {
      vi.advanceTimersByTime(50);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    }
    await vi.waitFor(() => expect(closed.size).toBe(sockets.length), { timeout: 2_000, interval: 20 });
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
      listener = await startLoopbackListener({
        expectedState: STATE,
        expectedIssuer: ISSUER,
        timeoutMs: 1000,
        port: { from: taken, to: taken + 5 },
      });
      expect(Number(new URL(listener.redirectUri).port)).toBeGreaterThan(taken);
    } finally {
      blocker.close();
    }
  });
});
