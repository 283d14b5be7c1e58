// One API per access token: a refresh for a resource the login did not get, or for scopes of
// several APIs, is invalid_target and refused BEFORE the refresh token is rotated (the client keeps
// it); token exchange refuses scopes of two APIs and subject tokens exchanged too many times.
import * as client from 'openid-client';
import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import { helseIdAssertion, type DesktopClient } from './support/desktop-client.ts';
import { testIdpTokens } from './support/logins.ts';
import { loadClientKey } from '../../authority/state/keys.ts';
import { FRONT_API_CLIENT_ID } from '../../authority/settings.ts';

const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const AT_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
let env: TestEnvironment;
let desktop: DesktopClient;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
});
afterAll(() => env?.stop());

const refresh = (rt: string, params: Record<string, string> | URLSearchParams) =>
  client.refreshTokenGrant(desktop.config, rt, params, { DPoP: desktop.dpop });

describe('refresh for another target than granted', () => {
  const person = () => env.api('person').resource;
  const cases: [string, () => URLSearchParams][] = [
    ['resourceNotGrantedAtPar', () => new URLSearchParams({ resource: env.api('back').resource })],
    ['unknownResource', () => new URLSearchParams({ resource: 'nhn:not-an-api' })],
    [
      'twoResources',
      () =>
        new URLSearchParams([
          ['resource', person()],
          ['resource', env.api('front').resource],
        ]),
    ],
    [
      'scopesSpanningTwoApis',
      () =>
        new URLSearchParams({
          resource: person(),
          scope: `${env.api('person').scopes[0]} ${env.api('front').scopes[0]}`,
        }),
    ],
    [
      'scopeOfAnotherApiThanResource',
      () => new URLSearchParams({ resource: person(), scope: env.api('front').scopes[0]! }),
    ],
  ];
  for (const [name, params] of cases) {
    it(`refresh_${name}_isInvalidTargetAndKeepsTheRefreshToken`, async () => {
      const tokens = await testIdpTokens(env, desktop, { apis: ['person', 'front'] });
      await expect(refresh(tokens.refresh_token!, params())).rejects.toMatchObject({ error: 'invalid_target' });
      expect((await refresh(tokens.refresh_token!, { resource: person() })).access_token).toBeTruthy();
    });
  }
});

describe('token exchange limits', () => {
  let front: { config: client.Configuration; dpop: client.DPoPHandle };
  beforeAll(async () => {
    const key = await loadClientKey(env.stateDir, FRONT_API_CLIENT_ID);
    const config = await client.discovery(
      new URL(env.info.authority),
      FRONT_API_CLIENT_ID,
      { dpop_bound_access_tokens: true },
      client.PrivateKeyJwt(
        { key: (await importJWK(key.privateJwk, key.privateJwk.alg)) as CryptoKey, kid: key.privateJwk.kid },
        { [client.modifyAssertion]: helseIdAssertion },
      ),
      { execute: [client.allowInsecureRequests] },
    );
    front = { config, dpop: client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256')) };
  });
  const exchange = (subjectToken: string, scope: string) =>
    client.genericGrantRequest(
      front.config,
      EXCHANGE,
      { subject_token: subjectToken, subject_token_type: AT_TYPE, scope },
      { DPoP: front.dpop },
    );

  it('tokenExchange_withScopesOfTwoApis_isInvalidTarget', async () => {
    const tokens = await testIdpTokens(env, desktop, { apis: ['front'] });
    await expect(
      exchange(tokens.access_token, `${env.api('back').scopes[0]} ${env.api('person').scopes[0]}`),
    ).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('tokenExchange_ofATokenAlreadyExchangedTwice_isExchangedTooManyTimes', async () => {
    // the front API exchanges for its own scope, so each result is again a front token it may exchange
    const frontScope = env.api('front').scopes[0]!;
    const user = await testIdpTokens(env, desktop, { apis: ['front'] });
    const once = await exchange(user.access_token, frontScope);
    const twice = await exchange(once.access_token, frontScope);
    await expect(exchange(twice.access_token, env.api('back').scopes[0]!)).rejects.toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/exchanged too many times/),
    });
  });
});
