// Issue 13: a token endpoint that asks the app to wait (HTTP 429, slow_down, temporarily_unavailable,
// Retry-After) through the app's own client against the embedded authority. It is reported as
// authority-busy ("HelseID ber oss vente"), not as a refusal, and the API's next token request waits
// as long as asked (bounded). Time is fake (the store's clock and timers); the requests are real.
import { expect, it } from 'vitest';
import { userApis } from '../../../src/main/auth/authorization-request.ts';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { Scheduler } from '../../../src/main/auth/scheduler.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import {
  KARI,
  recordingFetch,
  redirectFollowingBrowser,
  useConfiguredEnvironment,
  type AuthEnvironment,
} from './support/auth-harness.ts';

let env: AuthEnvironment;
let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ env, config } = started));

async function loggedInWithFakeTime() {
  const time = { now: Date.now() };
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const scheduler: Scheduler = {
    setTimeout: (fn, delay) => (timers.set(++id, { at: time.now + delay, fn }), id),
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const wire = recordingFetch();
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: redirectFollowingBrowser().openExternal,
    clock: () => time.now,
    scheduler,
  });
  await helseId.login({ testPid: KARI });
  await helseId.tokensSettled();
  const refreshes = (resource: string) =>
    wire.records.filter(
      (r) =>
        r.url.pathname.endsWith('/token') &&
        r.body?.get('grant_type') === 'refresh_token' &&
        r.body.get('resource') === resource,
    );
  const settled = async () => {
    for (let i = 0; i < 200 && helseId.apis().some((a) => a.state === 'refreshing' || a.state === 'fetching'); i++)
      await new Promise((r) => setTimeout(r, 10));
  };
  /** moves fake time forward to `until` in 1 s steps, firing due timers and letting their requests finish */
  const advanceTo = async (until: number) => {
    for (let guard = 0; time.now < until && guard < 5_000; guard++) {
      await settled();
      const due = [...timers.entries()].filter(([, t]) => t.at <= time.now);
      for (const [handle, t] of due) {
        timers.delete(handle);
        t.fn();
      }
      if (due.length === 0) time.now = Math.min(until, time.now + 1_000);
    }
    await settled();
  };
  return { helseId, time, refreshes, advanceTo, settled };
}

it(
  'refresh429WithRetryAfter120_isAuthorityBusy_andThatApiIsNotAskedForAgainUntil120sHavePassed',
  { timeout: 30_000 },
  async () => {
    const { helseId, time, refreshes, advanceTo } = await loggedInWithFakeTime();
    const first = userApis(config)[0]!;
    const before = refreshes(first.resource).length;
    const start = time.now;
    env.faults.set({ endpoints: { token: { status: 429, retryAfterSeconds: 120, error: 'slow_down', times: 1 } } });

    const busy = await helseId.switchOrganization(undefined).catch((err: unknown) => err);
    expect(busy).toMatchObject({
      code: 'authority-busy',
      retriable: true,
      detail: { operation: 'refresh', status: 429, error: 'slow_down', retryAfterSeconds: 120 },
    });
    expect(errorText('authority-busy', 'nb').title).toBe('HelseID ber oss vente');
    expect(helseId.apis().find((a) => a.name === first.name)).toMatchObject({
      state: 'error',
      errorCode: 'authority-busy',
    });
    expect(refreshes(first.resource).length - before).toBe(1); // one 429, not repeated half a second later

    // asking on the person's behalf before the time is up does not reach HelseID either
    await expect(helseId.switchOrganization(undefined)).rejects.toMatchObject({ code: 'authority-busy' });
    await advanceTo(start + 119_000);
    expect(refreshes(first.resource).length - before).toBe(1);

    await advanceTo(start + 125_000);
    expect(refreshes(first.resource).length - before).toBe(2); // the store's own timer, once the wait is over
    expect(helseId.apis().find((a) => a.name === first.name)!.state).toBe('valid');
    await helseId.close();
  },
);

it('refresh429WithRetryAfterOfTenHours_waitsAtMostFiveMinutes', { timeout: 30_000 }, async () => {
  const { helseId, time, refreshes, advanceTo } = await loggedInWithFakeTime();
  const first = userApis(config)[0]!;
  const before = refreshes(first.resource).length;
  const start = time.now;
  env.faults.set({ endpoints: { token: { status: 429, retryAfterSeconds: 36_000, times: 1 } } });
  await expect(helseId.switchOrganization(undefined)).rejects.toMatchObject({
    code: 'authority-busy',
    detail: { retryAfterSeconds: 300 },
  });
  await advanceTo(start + 305_000);
  expect(refreshes(first.resource).length - before).toBeGreaterThanOrEqual(2);
  expect(helseId.apis().find((a) => a.name === first.name)!.state).toBe('valid');
  await helseId.close();
});

it(
  'refresh503TemporarilyUnavailableWithRetryAfter_isNotRepeatedAtOnce_andIsWaitedFor',
  { timeout: 30_000 },
  async () => {
    const { helseId, time, refreshes, advanceTo } = await loggedInWithFakeTime();
    const first = userApis(config)[0]!;
    const before = refreshes(first.resource).length;
    const start = time.now;
    env.faults.set({
      endpoints: { token: { status: 503, retryAfterSeconds: 60, error: 'temporarily_unavailable', times: 1 } },
    });
    // openid-client does not read a 5xx body: the 503 with Retry-After is what says "wait"
    await expect(helseId.switchOrganization(undefined)).rejects.toMatchObject({
      code: 'authority-busy',
      detail: { status: 503, retryAfterSeconds: 60 },
    });
    expect(refreshes(first.resource).length - before).toBe(1);
    await advanceTo(start + 59_000);
    expect(refreshes(first.resource).length - before).toBe(1);
    await advanceTo(start + 65_000);
    expect(refreshes(first.resource).length - before).toBe(2);
    await helseId.close();
  },
);
