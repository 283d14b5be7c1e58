// The guard against the embedded authority's real JWKS endpoint: keys fetched once and cached; a
// key rotation at the authority reaches the guard (and the demo APIs) through ONE refetch on the
// unknown kid; tokens signed with the old key keep verifying while it is still published; and a
// stream of made-up kids cannot make the guard hammer the authority.
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiGuard, GuardError } from '../../../authority/api-guard/index.ts';
import { startDesktopEnvironment, type TestEnvironment } from '../../authority/support/test-environment.ts';
import type { DesktopClient } from '../../authority/support/desktop-client.ts';
import { dpopProof } from '../../authority/support/raw-requests.ts';
import { testIdpTokens } from '../../authority/support/logins.ts';

let env: TestEnvironment;
let desktop: DesktopClient;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
});
afterAll(() => env?.stop());

function countingGuard(cooldownMs: number) {
  const jwksFetches: string[] = [];
  const person = env.api('person');
  const guard = createApiGuard({
    issuer: env.info.authority,
    audience: person.resource,
    jwksUri: `${env.info.authority}/.well-known/openid-configuration/jwks`,
    requiredScopes: person.scopes,
    userEndpoint: true,
    jwksCooldownMs: cooldownMs,
    fetch: async (input, init) => {
      jwksFetches.push(String(input));
      return fetch(input, init);
    },
  });
  const url = `${person.url}/api/person/me`;
  const verify = async (token: string) =>
    guard.verify({
      method: 'GET',
      url,
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await dpopProof(desktop.dpopKeys, 'GET', url, { accessToken: token }),
      },
    });
  return { guard, verify, jwksFetches };
}

describe('JWKS rotation', () => {
  it('rotationAtAuthority_newKeyTokenAcceptedAfterOneRefetch_oldKeyTokenStillAccepted', async () => {
    const { verify, jwksFetches } = countingGuard(0);
    const before = (await testIdpTokens(env, desktop)).access_token;
    expect(await verify(before)).toMatchObject({ ok: true });
    expect(await verify(before)).toMatchObject({ ok: true });
    expect(jwksFetches).toHaveLength(1); // cached

    const newKid = await env.rotateSigningKey!();
    const after = (await testIdpTokens(env, desktop)).access_token;
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect(await verify(after)).toMatchObject({ ok: true });
    expect(jwksFetches).toHaveLength(2); // exactly one refetch, caused by the unknown kid
    expect(await verify(before)).toMatchObject({ ok: true }); // old key still published
    expect(jwksFetches).toHaveLength(2);
  });

  it('rotationAtAuthority_demoApiAcceptsNewKeyToken', async () => {
    const first = (await testIdpTokens(env, desktop)).access_token;
    const url = `${env.api('person').url}/api/person/me`;
    const call = async (token: string) =>
      (
        await fetch(url, {
          headers: {
            authorization: `DPoP ${token}`,
            dpop: await dpopProof(desktop.dpopKeys, 'GET', url, { accessToken: token }),
          },
        })
      ).status;
    expect(await call(first)).toBe(200);
    await env.rotateSigningKey!();
    await new Promise((r) => setTimeout(r, 1_100)); // the demo APIs' refetch cooldown is 1 s
    expect(await call((await testIdpTokens(env, desktop)).access_token)).toBe(200);
  });

  it('unknownKid_refetchIsRateLimitedByCooldown', async () => {
    const { verify, jwksFetches } = countingGuard(30_000);
    expect(await verify((await testIdpTokens(env, desktop)).access_token)).toMatchObject({ ok: true });
    const stranger = await generateKeyPair('RS256');
    for (let i = 0; i < 5; i++) {
      const forged = await new SignJWT({
        iss: env.info.authority,
        aud: env.api('person').resource,
        exp: Math.floor(Date.now() / 1000) + 60,
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: `made-up-${i}` })
        .sign(stranger.privateKey);
      const result = await verify(forged);
      expect(result).toBeInstanceOf(GuardError);
      expect((result as GuardError).error).toBe('invalid_token');
    }
    expect(jwksFetches).toHaveLength(1);
  });
});
