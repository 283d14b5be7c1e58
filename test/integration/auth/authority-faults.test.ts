// Issue 13, item 8 (faults the login did not survive) and issue 12's "cancel means cancel", each
// through the app's own client against the embedded authority with one of its fault knobs
// (authority/faults.ts). No test measures time: a request the app failed to stop or to give up on
// shows up as the test's own timeout.
import { describe, expect, it } from 'vitest';
import { userApis } from '../../../src/main/auth/authorization-request.ts';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
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

function client(requestTimeoutMs?: number) {
  const wire = recordingFetch();
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: redirectFollowingBrowser().openExternal,
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
  });
  const at = (suffix: string) => wire.records.filter((r) => r.url.pathname.endsWith(suffix));
  const grants = (type: string) => at('/token').filter((r) => r.body?.get('grant_type') === type);
  return { helseId, wire, at, grants };
}

describe('a single temporary failure', () => {
  it('par_single503_isRetriedOnceAndTheLoginSucceeds', async () => {
    env.faults.set({ endpoints: { par: { status: 503, times: 1 } } });
    const { helseId, at } = client();
    await expect(helseId.login({ testPid: KARI })).resolves.toMatchObject({ givenName: 'Kari' });
    const statuses = at('/par').map((r) => r.status);
    expect(statuses[0]).toBe(503);
    expect(statuses.filter((s) => s === 503)).toHaveLength(1);
    expect(statuses.at(-1)).toBe(201);
    await helseId.close();
  });

  it('refresh_single503AtTheTokenEndpoint_isRetriedOnceAndEveryApiGetsItsToken', async () => {
    const { helseId, grants } = client();
    await helseId.login({ testPid: KARI });
    await helseId.tokensSettled();
    const before = grants('refresh_token').length;
    env.faults.set({ endpoints: { token: { status: 503, times: 1 } } });
    await helseId.switchOrganization(undefined); // a new token for every user API, by refresh
    const statuses = grants('refresh_token')
      .slice(before)
      .map((r) => r.status);
    expect(statuses).toEqual([503, ...userApis(config).map(() => 200)]);
    expect(helseId.apis().every((a) => a.state === 'valid')).toBe(true);
    await helseId.close();
  });

  it('codeRedemption_503_isNeverSentTwice', async () => {
    env.faults.set({ endpoints: { token: { status: 503, times: 1 } } });
    const { helseId, grants } = client();
    await expect(helseId.login({ testPid: KARI })).rejects.toBeInstanceOf(AppError);
    expect(grants('authorization_code')).toHaveLength(1);
  });
});

it('dpopNonce_twoRotationsInARow_doNotFailTheLogin', async () => {
  env.faults.set({ dpopNonceChallenges: 2 });
  const { helseId, grants } = client();
  await expect(helseId.login({ testPid: KARI })).resolves.toMatchObject({ givenName: 'Kari' });
  const code = grants('authorization_code');
  expect(code.filter((r) => r.dpopNonceChallenge)).toHaveLength(2);
  expect(code.at(-1)!.status).toBe(200);
  await helseId.close();
});

it('apiTimeout_isReportedAsNotAnswering_notAsRefused', async () => {
  const { helseId } = client(1_000);
  await helseId.login({ testPid: KARI });
  env.faults.set({ endpoints: { api: { latencyMs: 3_000 } } });
  await expect(helseId.callApi('person')).rejects.toMatchObject({ code: 'api-unreachable' });
  await helseId.close();
});

it('logout_withHangingRevocation_returnsWithoutWaitingForIt', { timeout: 10_000 }, async () => {
  const { helseId, at } = client();
  await helseId.login({ testPid: KARI });
  env.faults.set({ endpoints: { revocation: { latencyMs: 60_000 } } });
  await helseId.logout({ endSessionInBrowser: false });
  expect(helseId.user()).toBeUndefined();
  expect(helseId.status()).toBe('logged-out');
  expect(at('/revocation')).toHaveLength(0); // still unanswered: logout did not wait for it
});

it('cancelDuringSlowPar_rejectsAtOnceWithLoginCancelled', { timeout: 10_000 }, async () => {
  env.faults.set({ endpoints: { par: { latencyMs: 60_000 } } });
  const { helseId, at } = client();
  const abort = new AbortController();
  let parStarted!: () => void;
  const atPar = new Promise<void>((resolve) => (parStarted = resolve));
  const login = helseId.login({
    testPid: KARI,
    signal: abort.signal,
    onProgress: (step) => step === 'pushed-authorization-request' && parStarted(),
  });
  await atPar;
  abort.abort(new AppError('login-cancelled', { retriable: true }));
  await expect(login).rejects.toMatchObject({ code: 'login-cancelled' });
  expect(helseId.status()).toBe('logged-out');
  expect(at('/par')).toHaveLength(0); // never answered: the request was aborted, not waited for
});
