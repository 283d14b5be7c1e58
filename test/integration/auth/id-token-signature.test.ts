// Issue 13, item 5: the ID token's signature is verified against the authority's JWKS before the
// person is shown or bound to the card. The hostile case goes through the app's own client: the
// token endpoint's answer is rewritten on the way in (as an attacker between app and authority
// could), carrying another person's pid signed with a key the authority never published.
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { CLAIMS } from '../../../src/main/auth/user-claims.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { REFRESH_AFTER_MS, UNKNOWN_KID_COOLDOWN_MS } from '../../../src/main/auth/id-token-signature.ts';
import {
  KARI,
  recordingFetch,
  redirectFollowingBrowser,
  useConfiguredEnvironment,
  type AuthEnvironment,
  type WireRecord,
} from './support/auth-harness.ts';

const OTHER_PERSON = '17906599806';
let env: AuthEnvironment;
let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ env, config } = started));

/** Rewrites the code redemption's ID token: same header (or another kid) and claims, another pid, a foreign signature. */
function forgingFetch(inner: typeof fetch, kid?: string): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const isCodeRedemption =
      init?.body instanceof URLSearchParams && init.body.get('grant_type') === 'authorization_code';
    if (!isCodeRedemption || response.status !== 200) return response;
    const body = (await response.json()) as Record<string, unknown>;
    const genuine = body['id_token'] as string;
    const header = decodeProtectedHeader(genuine);
    const { privateKey } = await generateKeyPair(header.alg!);
    body['id_token'] = await new SignJWT({ ...decodeJwt(genuine), [CLAIMS.pid]: OTHER_PERSON })
      .setProtectedHeader({ ...header, ...(kid ? { kid } : {}) } as { alg: string })
      .sign(privateKey);
    return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
  };
}

it('idToken_withForeignSignatureAndAnotherPid_isRefusedBeforeThePersonIsShown', async () => {
  const wire = recordingFetch();
  const helseId = createHelseIdClient({
    config,
    fetch: forgingFetch(wire.fetch),
    openExternal: redirectFollowingBrowser().openExternal,
  });
  await expect(helseId.login({ testPid: KARI })).rejects.toMatchObject({
    code: 'id-token-invalid',
    detail: { problem: 'signature' },
  });
  expect(helseId.user()).toBeUndefined();
  expect(helseId.personId()).toBeUndefined();
  expect(helseId.status()).toBe('logged-out');
  // the refresh token that came with it does not stay usable at the authority
  await expect
    .poll(() => wire.records.some((r) => r.url.pathname.endsWith('/revocation') && r.status === 200))
    .toBe(true);
});

// Issue 14: the keys are fetched at app start and kept for the app run; a login costs no JWKS request
// (≤ 7 requests per login), a rotated key costs one refetch. The client's clock is the test's, so the
// key set's age and the refetch cooldown are moved without waiting.
const jwksRequests = (records: readonly WireRecord[]) => records.filter((r) => r.url.pathname.endsWith('/jwks'));
const steps = (records: readonly WireRecord[]) =>
  records.map((r) => (r.url.pathname.endsWith('/jwks') ? 'jwks' : (r.body?.get('grant_type') ?? r.url.pathname)));

function appRun() {
  const wire = recordingFetch();
  let offsetMs = 0;
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: redirectFollowingBrowser().openExternal,
    clock: () => Date.now() + offsetMs,
  });
  return { wire, helseId, advance: (ms: number) => void (offsetMs += ms) };
}

async function loginAndOut(run: ReturnType<typeof appRun>): Promise<WireRecord[]> {
  const before = run.wire.records.length;
  await expect(run.helseId.login({ testPid: KARI })).resolves.toMatchObject({ givenName: 'Kari' });
  await run.helseId.tokensSettled();
  await run.helseId.logout({ endSessionInBrowser: false });
  return run.wire.records.slice(before);
}

it('authorityKeys_areFetchedAtAppStart_andNoLoginOfTheAppRunFetchesThemAgain', async () => {
  const run = appRun();
  await run.helseId.prepare();
  expect(jwksRequests(run.wire.records)).toHaveLength(1);
  const first = await loginAndOut(run);
  run.advance(11 * 60_000); // past jose's 10-minute cache age, which refetched inside verify
  const second = await loginAndOut(run);
  expect(jwksRequests([...first, ...second])).toEqual([]);
  await run.helseId.close();
});

it('authorityKeys_withoutAPrepare_areFetchedBeforeTheCallback_andKeptForTheNextLogin', async () => {
  const run = appRun();
  const first = await loginAndOut(run);
  const order = steps(first);
  expect(order.filter((s) => s === 'jwks')).toHaveLength(1);
  expect(order.indexOf('jwks')).toBeLessThan(order.indexOf('authorization_code'));
  expect(jwksRequests(await loginAndOut(run))).toEqual([]);
  await run.helseId.close();
});

it('authorityKeys_olderThanTheRefreshAge_areRefetchedWhileTheBrowserIsOpen_notAfterTheCallback', async () => {
  const run = appRun();
  await run.helseId.prepare();
  run.advance(REFRESH_AFTER_MS + 60_000);
  const order = steps(await loginAndOut(run));
  expect(order.filter((s) => s === 'jwks')).toHaveLength(1);
  expect(order.indexOf('jwks')).toBeLessThan(order.indexOf('authorization_code'));
  await run.helseId.close();
});

it('idTokensWithAMadeUpKid_areRefused_withAtMostOneJwksRefetchPerCooldown', async () => {
  const wire = recordingFetch();
  const helseId = createHelseIdClient({
    config,
    fetch: forgingFetch(wire.fetch, 'made-up-kid'),
    openExternal: redirectFollowingBrowser().openExternal,
  });
  await helseId.prepare();
  const prepared = wire.records.length;
  await expect(helseId.login({ testPid: KARI })).rejects.toMatchObject({
    code: 'id-token-invalid',
    detail: { problem: 'signature', library: 'ERR_JWKS_NO_MATCHING_KEY' },
  });
  await expect(helseId.login({ testPid: KARI })).rejects.toMatchObject({ code: 'id-token-invalid' });
  // the first unknown kid may be a rotation (one refetch); the second, within the cooldown, is not looked up
  expect(jwksRequests(wire.records.slice(prepared))).toHaveLength(1);
  expect(UNKNOWN_KID_COOLDOWN_MS).toBeGreaterThan(0);
  await helseId.close();
});

// last: it rotates the environment's signing key
it('idTokenSignedByARotatedKey_verifiesAfterOneJwksRefetch', async () => {
  const run = appRun();
  await run.helseId.prepare();
  await loginAndOut(run);
  await env.rotateSigningKey!(); // a new kid signs from now on; the old key stays published
  run.advance(UNKNOWN_KID_COOLDOWN_MS + 1_000);
  const order = steps(await loginAndOut(run));
  // the kid is unknown only once the code is redeemed: one refetch, then the signature verifies
  expect(order.filter((s) => s === 'jwks')).toHaveLength(1);
  expect(order.indexOf('jwks')).toBeGreaterThan(order.indexOf('authorization_code'));
  // and the next login uses the refetched set
  expect(jwksRequests(await loginAndOut(run))).toEqual([]);
  await run.helseId.close();
});
