// The fault knobs a client is tested against: injected HTTP errors, latency, dropped connections,
// forced DPoP nonce rotation, clock offset (oidc-provider's clock included) and refresh-token invalidation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { desktopClient, IDENTITY_SCOPES, pushLogin, type DesktopClient } from './support/desktop-client.ts';
import { testIdpTokens } from './support/logins.ts';
import { parseFaultSpecs } from '../../authority/fault-specs.ts';

let env: TestEnvironment;
let desktop: DesktopClient;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
});
afterEach(() => env.faults.reset());
afterAll(() => env?.stop());

const refresh = (rt: string) =>
  client.refreshTokenGrant(desktop.config, rt, { resource: env.api('person').resource }, { DPoP: desktop.dpop });

describe('fault knobs', () => {
  it('tokenEndpointFault_503Once_failsOneRequestThenRecovers', async () => {
    const tokens = await testIdpTokens(env, desktop);
    env.faults.set({ endpoints: { token: { status: 503, times: 1 } } });
    await expect(refresh(tokens.refresh_token!)).rejects.toThrow();
    expect((await refresh(tokens.refresh_token!)).access_token).toBeTruthy();
  });

  it('forcedDpopNonceRotation_isAbsorbedByOneClientRetry', async () => {
    const tokens = await testIdpTokens(env, desktop);
    env.faults.set({ dpopNonceChallenges: 1 });
    expect((await refresh(tokens.refresh_token!)).access_token).toBeTruthy();
    expect(env.faults.settings.dpopNonceChallenges).toBe(0);
  });

  it('invalidatedRefreshTokens_areInvalidGrant', async () => {
    const tokens = await testIdpTokens(env, desktop);
    env.faults.set({ invalidateRefreshTokens: true });
    await expect(refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('droppedConnection_atDiscovery_failsTheFetch', async () => {
    env.faults.set({ endpoints: { discovery: { drop: true } } });
    await expect(fetch(`${env.info.authority}/.well-known/openid-configuration`)).rejects.toThrow();
  });

  it('latency_atAvailableIdps_delaysTheAnswer', async () => {
    env.faults.set({ endpoints: { availableidps: { latencyMs: 300 } } });
    const started = Date.now();
    expect((await fetch(`${env.info.authority}/connect/availableidps`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('globalLatency_delaysEveryAuthorityAndApiResponse', async () => {
    env.faults.set({ latencyMs: 200 });
    const timed = async (url: string) => {
      const started = Date.now();
      await (await fetch(url)).arrayBuffer();
      return Date.now() - started;
    };
    expect(await timed(`${env.info.authority}/.well-known/openid-configuration`)).toBeGreaterThanOrEqual(190);
    expect(await timed(`${env.api('person').url}/api/person/me`)).toBeGreaterThanOrEqual(190);
  });

  it('latencyOption_parsesFromTheCliSpec', () => {
    expect(parseFaultSpecs(['latency=25'])).toMatchObject({ latencyMs: 25 });
    expect(() => parseFaultSpecs(['latency=soon'])).toThrow(/latencyMs must be a number/);
  });

  it('rateLimitFault_parsesFromTheCliSpec_andAnswersWithRetryAfterAndTheGivenError', async () => {
    const spec = parseFaultSpecs(['token=429,retry-after:30,error:slow_down,times:1']);
    expect(spec.endpoints?.token).toEqual({ status: 429, retryAfterSeconds: 30, error: 'slow_down', times: 1 });
    env.faults.set(spec);
    const res = await fetch(`${env.info.authority}/connect/token`, { method: 'POST' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ error: 'slow_down' });
  });

  it('refreshTokenWithoutOfflineAccess_parsesFromTheCliSpec', () => {
    expect(parseFaultSpecs(['refresh-token-without-offline-access'])).toMatchObject({
      refreshTokenWithoutOfflineAccess: true,
    });
  });

  it('requestUriLifetimeKnob_theParAnswerSaysIt_andAnExpiredRequestUriGetsAnErrorPage_neverARedirectToTheClient', async () => {
    env.faults.set(parseFaultSpecs(['request-uri-lifetime=5']));
    const answers: number[] = [];
    // the PAR answer's expires_in, which openid-client does not hand back: read off the wire
    const watching = (async (url: string, options: RequestInit) => {
      const res = await fetch(url, options);
      if (url.endsWith('/connect/par') && res.status === 201)
        answers.push(((await res.clone().json()) as { expires_in: number }).expires_in);
      return res;
    }) as unknown as client.CustomFetch;
    desktop.config[client.customFetch] = watching;
    let pushed;
    try {
      pushed = await pushLogin(desktop, { resources: [], scope: IDENTITY_SCOPES, acrValues: 'idp:testidp-oidc' });
    } finally {
      delete desktop.config[client.customFetch];
    }
    expect(answers).toEqual([5]);
    expect(env.expireUnusedRequestUris()).toBe(1); // the person took longer than 5 s
    const res = await fetch(pushed.url, { redirect: 'manual' });
    // oidc-provider's invalid_request_uri page; not sent to the client's only registered redirect
    // URI (http://127.0.0.1/callback, port 80), as oidc-provider would by default
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('invalid_request_uri');
    expect(env.logLines.join('\n')).toMatch(
      /request_uri expired at .* \(it lives 5 s after the pushed authorization request\) before the browser used it/,
    );
  });

  it('authorizeRequestFault_failsEveryAuthorizationRequest_aBareGetOfTheEndpointStillGetsItsAnswer', async () => {
    env.faults.set(parseFaultSpecs(['authorize-request=503']));
    const pushed = await pushLogin(desktop, { resources: [], scope: IDENTITY_SCOPES, acrValues: 'idp:testidp-oidc' });
    const bare = await fetch(new URL(pushed.url.pathname, pushed.url), { redirect: 'manual' });
    expect(bare.status).toBeLessThan(500);
    expect((await fetch(pushed.url, { redirect: 'manual' })).status).toBe(503);
  });

  it('aRequestUriNobodyIssued_isRefusedWithAnErrorPage_notRedirected_andNothingIsConsumed', async () => {
    // the app's authorize probe (src/main/auth/authorize-probe.ts): our client, an unknown request_uri
    const pushed = await pushLogin(desktop, { resources: [], scope: IDENTITY_SCOPES, acrValues: 'idp:testidp-oidc' });
    const probe = new URL(pushed.url.pathname, pushed.url);
    probe.searchParams.set('client_id', pushed.url.searchParams.get('client_id')!);
    probe.searchParams.set('request_uri', 'urn:ietf:params:oauth:request_uri:probe-00112233445566778899aabbccddeeff');
    const answer = await fetch(probe, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(await answer.text()).toContain('invalid_request_uri');
    // the login's own request_uri still works
    expect((await fetch(pushed.url, { redirect: 'manual' })).status).toBeLessThan(500);
  });

  it('clockOffset_shiftsTheDateHeader', async () => {
    env.faults.set({ clockOffsetSeconds: 3600 });
    const res = await fetch(`${env.info.authority}/connect/availableidps`);
    const skew = (Date.parse(res.headers.get('date')!) - Date.now()) / 1000;
    expect(skew).toBeGreaterThan(3500);
  });

  // pins server-clock.ts: oidc-provider must read Date.now at call time for the offset to reach it
  it('clockOffset_movesOidcProvidersOwnClock_tokensAreIssuedOnTheAuthoritysTime', async () => {
    env.faults.set({ clockOffsetSeconds: 3600 });
    const corrected = await desktopClient(env.info, undefined, undefined, 3600);
    const tokens = await testIdpTokens(env, corrected);
    const serverNow = Date.now() / 1000 + 3600;
    expect(Math.abs(decodeJwt(tokens.access_token).iat! - serverNow)).toBeLessThan(5);
    expect(Math.abs(tokens.claims()!.iat - serverNow)).toBeLessThan(5);
  });
});
