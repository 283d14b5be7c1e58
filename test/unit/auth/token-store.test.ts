// The token store's rules: one token request at a time (rotation), one shared in-flight request per
// API, always the newest refresh token, proactive refresh, and an invalid refresh token ends it all.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { configSchema } from '../../../src/main/config/config-schema.ts';
import type { Scheduler } from '../../../src/main/auth/scheduler.ts';
import { TokenStore, type TokenRequest } from '../../../src/main/auth/token-store.ts';
import { REFRESH_POLICY } from '../../../src/main/auth/refresh-policy.ts';

const apis = configSchema.parse({
  authority: { kind: 'embedded', issuer: 'http://127.0.0.1:1' },
  client: { client_id: 'c', private_jwk_path: '/k' },
  apis: ['a', 'b', 'c'].map((n) => ({
    name: n,
    resource: `res:${n}`,
    scopes: [`${n}/read`],
    base_url: 'http://127.0.0.1:2',
  })),
}).apis;

function setup(request: TokenRequest) {
  let now = 1_000_000;
  const timers: { fn: () => void; delay: number }[] = [];
  const scheduler: Scheduler = { setTimeout: (fn, delay) => timers.push({ fn, delay }), clearTimeout: () => {} };
  const store = new TokenStore({
    apis,
    request,
    clock: () => now,
    scheduler,
    refreshMarginMs: 60_000,
    onChange: () => {},
    log: () => {},
  });
  return { store, timers, advance: (ms: number) => (now += ms) };
}

function rotatingServer() {
  let n = 0;
  let active = 0;
  let maxActive = 0;
  const presented: (string | undefined)[] = [];
  const request: TokenRequest = async (api, refreshToken) => {
    presented.push(refreshToken);
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
    n++;
    return { access_token: `at-${api.name}-${n}`, token_type: 'dpop', expires_in: 300, refresh_token: `rt-${n}` };
  };
  return { request, presented, stats: () => ({ maxActive, calls: n }) };
}

describe('token store', () => {
  it('refreshesForDifferentApis_runOneAtATime_eachWithTheNewestRefreshToken', async () => {
    const server = rotatingServer();
    const { store } = setup(server.request);
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    await Promise.all([store.token('b'), store.token('c')]);
    expect(server.stats().maxActive).toBe(1);
    expect(server.presented).toEqual(['rt-0', 'rt-1']);
  });

  it('concurrentRequestsForSameApi_shareOneInFlightRequest', async () => {
    const server = rotatingServer();
    const { store } = setup(server.request);
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    const tokens = await Promise.all([store.token('b'), store.token('b'), store.refresh('b')]);
    expect(server.stats().calls).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(store.infos().find((i) => i.name === 'b')).toMatchObject({
      state: 'valid',
      audience: 'res:b',
      scopes: ['b/read'],
    });
  });

  it('tokenNearExpiry_isRefreshedProactivelyOneMarginBeforeExpiry', async () => {
    const server = rotatingServer();
    const { store, timers } = setup(server.request);
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.delay).toBe(240_000);
    timers[0]!.fn();
    await expect.poll(() => server.stats().calls).toBe(1);
    await expect.poll(async () => (await store.token('a')).accessToken).toBe('at-a-1');
  });

  it('invalidRefreshToken_endsStoreAndEveryLaterCallFailsTheSameWay', async () => {
    const { store } = setup(async () => {
      throw new AppError('refresh-token-expired');
    });
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    await expect(store.token('b')).rejects.toMatchObject({ code: 'refresh-token-expired' });
    await expect(store.token('a')).rejects.toMatchObject({ code: 'refresh-token-expired' });
    expect(store.infos().every((i) => i.state === 'expired')).toBe(true);
    expect(store.clear()).toBeUndefined(); // the refresh token is already gone
  });

  it('refreshTokenLifetimePassed_failsWithoutAskingTheServer', async () => {
    const server = rotatingServer();
    const { store, advance } = setup(server.request);
    store.accept('a', {
      access_token: 'at-a-0',
      token_type: 'dpop',
      expires_in: 300,
      refresh_token: 'rt-0',
      rt_expires_in: 600,
    });
    advance(601_000);
    await expect(store.token('b')).rejects.toMatchObject({ code: 'refresh-token-expired' });
    expect(server.stats().calls).toBe(0);
  });

  it('clearWhileRefreshing_doesNotResurrectTokens', async () => {
    const server = rotatingServer();
    const { store } = setup(server.request);
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    const pending = store.refresh('b');
    expect(store.clear()).toBe('rt-0');
    await expect(pending).rejects.toMatchObject({ code: 'not-logged-in' });
    expect(store.infos().every((i) => i.expiresAt === undefined)).toBe(true);
  });

  it('otherApiError_marksOnlyThatApi', async () => {
    const { store } = setup(async () => {
      throw new AppError('authority-error', { detail: { error: 'invalid_target' } });
    });
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    await expect(store.token('b')).rejects.toMatchObject({ code: 'authority-error' });
    expect(store.infos().map((i) => i.state)).toEqual(['valid', 'error', 'none']);
    await expect(store.token('x')).rejects.toMatchObject({ code: 'api-unknown' });
  });

  describe('refresh bounds (issue 13: refresh storm)', () => {
    it('marginAboveTokenLifetime_600sMarginWith300sTokens_refreshesEachApiAtMostOncePerTokenLifetime', async () => {
      const time = virtualTime();
      const server = countingServer(() => 300);
      const store = storeOn(time, server.request, 600_000);
      for (const name of ['a', 'b', 'c'])
        store.accept(name, { access_token: `at-${name}`, token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
      await time.advance(30_000);
      for (const name of ['a', 'b', 'c']) expect(server.count(name)).toBeLessThanOrEqual(1);
      await time.advance(270_000); // the rest of the first tokens' lifetime
      for (const name of ['a', 'b', 'c']) expect(server.count(name)).toBe(1);
      expect(store.infos().every((i) => i.state === 'valid')).toBe(true);
    });

    it.each([0, 1, 30, -5, 1e12, Number.NaN])(
      'expiresIn %s_neverMoreThanAHandfulOfTokenRequestsPerApiPerMinute',
      async (expiresIn) => {
        const time = virtualTime();
        const server = countingServer(() => expiresIn);
        const store = storeOn(time, server.request, 60_000);
        store.accept('a', { access_token: 'at-a', token_type: 'dpop', expires_in: expiresIn, refresh_token: 'rt-0' });
        // an app that calls the API all the time, on top of the timers
        for (let second = 0; second < 120; second++) {
          await store.token('a').catch(() => {});
          await time.advance(1_000);
        }
        expect(server.count('a')).toBeLessThanOrEqual(2 * REFRESH_POLICY.maxPerMinute);
      },
    );

    it('failingRefresh_backsOffInsteadOfRetryingAtOnce', async () => {
      const time = virtualTime();
      let calls = 0;
      const store = storeOn(
        time,
        async () => {
          calls++;
          throw new AppError('authority-unreachable', { retriable: true });
        },
        60_000,
      );
      store.accept('a', { access_token: 'at-a', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
      await time.advance(240_000); // due now: first attempt
      expect(calls).toBe(1);
      await time.advance(9_000);
      expect(calls).toBe(1); // within the floor / backoff
      await time.advance(50_000);
      expect(calls).toBeLessThanOrEqual(3);
      expect(calls).toBeGreaterThanOrEqual(2); // it does try again while the old token lives
    });
  });

  it('forget_whileARequestIsOnItsWay_keepsTheRotatedRefreshToken_butNotTheToken', async () => {
    let release!: () => void;
    const presented: (string | undefined)[] = [];
    let n = 0;
    const request: TokenRequest = async (api, refreshToken) => {
      presented.push(refreshToken);
      n++;
      if (api.name === 'b' && n === 1) await new Promise<void>((r) => (release = r));
      return { access_token: `at-${api.name}-${n}`, token_type: 'dpop', expires_in: 300, refresh_token: `rt-${n}` };
    };
    const { store } = setup(request);
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    const late = store.refresh('b');
    await new Promise((r) => setTimeout(r, 0));
    store.forget('b'); // the portal's patient was closed while its token was on its way
    release();
    await expect(late).rejects.toMatchObject({ code: 'portal-session-ended' });
    expect(store.heldTokens().map(([name]) => name)).toEqual(['a']);
    // the next request presents the refresh token that answer rotated to, not the used one
    await store.refresh('c');
    expect(presented).toEqual(['rt-0', 'rt-1']);
    expect(store.infos().find((i) => i.name === 'b')).toMatchObject({ state: 'none' });
  });

  it('onToken_isCalledForARequestedToken_notForOneAccepted', async () => {
    const server = rotatingServer();
    const renewed: string[] = [];
    const store = new TokenStore({
      apis,
      request: server.request,
      clock: () => 1_000_000,
      scheduler: { setTimeout: () => 0, clearTimeout: () => {} },
      refreshMarginMs: 60_000,
      onChange: () => {},
      onToken: (name) => renewed.push(name),
      log: () => {},
    });
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0' });
    await store.refresh('b');
    expect(renewed).toEqual(['b']);
  });
});

/** Timers that fire as fake time passes; `advance` lets the store's promises settle between timers. */
function virtualTime() {
  let now = 1_000_000;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    clock: () => now,
    scheduler: {
      setTimeout: (fn: () => void, delay: number) => (timers.set(++id, { at: now + delay, fn }), id),
      clearTimeout: (handle: unknown) => void timers.delete(handle as number),
    } satisfies Scheduler,
    async advance(ms: number) {
      const end = now + ms;
      // bounded: a storm shows up as thousands of requests, not as a hung test
      for (let guard = 0; guard < 5_000; guard++) {
        await settle();
        const next = [...timers.entries()].filter(([, t]) => t.at <= end).sort((x, y) => x[1].at - y[1].at)[0];
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
      }
      now = end;
      await settle();
    },
  };
}

function storeOn(time: ReturnType<typeof virtualTime>, request: TokenRequest, refreshMarginMs: number) {
  return new TokenStore({
    apis,
    request,
    clock: time.clock,
    scheduler: time.scheduler,
    refreshMarginMs,
    onChange: () => {},
    log: () => {},
  });
}

function countingServer(expiresIn: () => number) {
  const counts = new Map<string, number>();
  let n = 0;
  const request: TokenRequest = async (api) => {
    counts.set(api.name, (counts.get(api.name) ?? 0) + 1);
    n++;
    return {
      access_token: `at-${api.name}-${n}`,
      token_type: 'dpop',
      expires_in: expiresIn(),
      refresh_token: `rt-${n}`,
    };
  };
  return { request, count: (name: string) => counts.get(name) ?? 0 };
}
