// Issue 13, item 1 (refresh storm), through the app's own client against the embedded authority:
// refresh_margin_seconds 600 (the schema's maximum) with the emulator's 300 s access tokens used to
// refresh in a tight loop. Time is fake (the store's clock and timers); the token requests are real.
import { expect, it } from 'vitest';
import { userApis } from '../../../src/main/auth/authorization-request.ts';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { Scheduler } from '../../../src/main/auth/scheduler.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { KARI, recordingFetch, redirectFollowingBrowser, useConfiguredEnvironment } from './support/auth-harness.ts';

let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ config } = started), { refresh_margin_seconds: 600 });

it('refreshMargin600s_with300sTokens_atMostOneRefreshPerApiPerTokenLifetime_over30sOfFakeTime', async () => {
  let now = Date.now();
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const scheduler: Scheduler = {
    setTimeout: (fn, delay) => (timers.set(++id, { at: now + delay, fn }), id),
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const wire = recordingFetch();
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: redirectFollowingBrowser().openExternal,
    clock: () => now,
    scheduler,
  });
  await helseId.login({ testPid: KARI });
  await helseId.tokensSettled(); // the other APIs' first tokens arrive in the background
  const tokenRequests = () =>
    wire.records.filter((r) => r.url.pathname.endsWith('/token') && r.body?.get('grant_type') === 'refresh_token');
  const settled = async () => {
    for (let i = 0; i < 200 && helseId.apis().some((a) => a.state === 'refreshing'); i++)
      await new Promise((r) => setTimeout(r, 10));
  };
  const before = tokenRequests().length; // the login's own: one per further API
  const end = now + 30_000;
  // 30 s of fake time in 100 ms steps; each due timer fires, and its requests finish, before time moves on
  for (let guard = 0; now < end && guard < 2_000; guard++) {
    await settled();
    const due = [...timers.entries()].filter(([, t]) => t.at <= now);
    for (const [handle, t] of due) {
      timers.delete(handle);
      t.fn();
    }
    if (due.length === 0) now += 100;
  }
  await settled();
  const during = tokenRequests().slice(before);
  for (const api of userApis(config)) {
    expect(during.filter((r) => r.body?.get('resource') === api.resource).length, api.name).toBeLessThanOrEqual(1);
  }
  expect(helseId.apis().every((a) => a.state === 'valid')).toBe(true);
  await helseId.close();
});
