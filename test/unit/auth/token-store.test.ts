// The token store's rules: one token request at a time (rotation), one shared in-flight request per
// API, always the newest refresh token, proactive refresh, and an invalid refresh token ends it all.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { configSchema } from '../../../src/main/config/config-schema.ts';
import type { Scheduler } from '../../../src/main/auth/scheduler.ts';
import { TokenStore, type TokenRequest } from '../../../src/main/auth/token-store.ts';

const apis = configSchema.parse({
  authority: { kind: 'embedded', issuer: 'http://127.0.0.1:1' },
  client: { client_id: 'c', private_jwk_path: '/k' },
  apis: ['a', 'b', 'c'].map((n) => ({ name: n, resource: `res:${n}`, scopes: [`${n}/read`], base_url: 'http://127.0.0.1:2' })),
}).apis;

function setup(request: TokenRequest) {
  let now = 1_000_000;
  const timers: { fn: () => void; delay: number }[] = [];
  const scheduler: Scheduler = { setTimeout: (fn, delay) => timers.push({ fn, delay }), clearTimeout: () => {} };
  const store = new TokenStore({ apis, request, clock: () => now, scheduler, refreshMarginMs: 60_000, onChange: () => {}, log: () => {} });
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
    expect(store.infos().find((i) => i.name === 'b')).toMatchObject({ state: 'valid', audience: 'res:b', scopes: ['b/read'] });
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
    store.accept('a', { access_token: 'at-a-0', token_type: 'dpop', expires_in: 300, refresh_token: 'rt-0', rt_expires_in: 600 });
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
});
