// Issue 13, item 5: the ID token's signature is verified against the authority's JWKS before the
// person is shown or bound to the card. The hostile case goes through the app's own client: the
// token endpoint's answer is rewritten on the way in (as an attacker between app and authority
// could), carrying another person's pid signed with a key the authority never published.
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { CLAIMS } from '../../../src/main/auth/user-claims.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { KARI, recordingFetch, redirectFollowingBrowser, startConfiguredEnvironment, type AuthEnvironment } from './support/auth-harness.ts';

const OTHER_PERSON = '17906599806';
let env: AuthEnvironment;
let config: HelseIdConfig;

beforeAll(async () => { ({ env, config } = await startConfiguredEnvironment()); });
afterEach(() => env.faults.reset());
afterAll(() => env?.stop());

/** Rewrites the code redemption's ID token: same header and claims, another pid, a foreign signature. */
function forgingFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const isCodeRedemption = init?.body instanceof URLSearchParams && init.body.get('grant_type') === 'authorization_code';
    if (!isCodeRedemption || response.status !== 200) return response;
    const body = (await response.json()) as Record<string, unknown>;
    const genuine = body['id_token'] as string;
    const header = decodeProtectedHeader(genuine);
    const { privateKey } = await generateKeyPair(header.alg!);
    body['id_token'] = await new SignJWT({ ...decodeJwt(genuine), [CLAIMS.pid]: OTHER_PERSON })
      .setProtectedHeader(header as { alg: string })
      .sign(privateKey);
    return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
  };
}

it('idToken_withForeignSignatureAndAnotherPid_isRefusedBeforeThePersonIsShown', async () => {
  const wire = recordingFetch();
  const helseId = createHelseIdClient({ config, fetch: forgingFetch(wire.fetch), openExternal: redirectFollowingBrowser().openExternal });
  await expect(helseId.login({ testPid: KARI })).rejects.toMatchObject({ code: 'id-token-invalid', detail: { problem: 'signature' } });
  expect(helseId.user()).toBeUndefined();
  expect(helseId.personId()).toBeUndefined();
  expect(helseId.status()).toBe('logged-out');
  // the refresh token that came with it does not stay usable at the authority
  await expect.poll(() => wire.records.some((r) => r.url.pathname.endsWith('/revocation') && r.status === 200)).toBe(true);
});

it('authorityKeys_areFetchedBeforeTheCallback_andKeptForTheNextLogin', async () => {
  const wire = recordingFetch();
  const helseId = createHelseIdClient({ config, fetch: wire.fetch, openExternal: redirectFollowingBrowser().openExternal });
  await expect(helseId.login({ testPid: KARI })).resolves.toMatchObject({ givenName: 'Kari' });
  const order = wire.records.map((r) => (r.url.pathname.endsWith('/jwks') ? 'jwks' : r.body?.get('grant_type') ?? r.url.pathname));
  expect(order.indexOf('jwks')).toBeGreaterThanOrEqual(0);
  expect(order.indexOf('jwks')).toBeLessThan(order.indexOf('authorization_code'));
  const firstLogin = wire.records.length;
  await helseId.logout({ endSessionInBrowser: false });
  await helseId.login({ testPid: KARI });
  expect(wire.records.slice(firstLogin).filter((r) => r.url.pathname.endsWith('/jwks'))).toEqual([]);
  await helseId.close();
});
