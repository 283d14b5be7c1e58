// The baseline for bench/login-overhead.ts: a login written the way NHN's samples do it, on the same
// openid-client — a FRESH DPoP handle (no nonce memory) for every request, so every token request
// first gets 400 use_dpop_nonce and is retried with the nonce. Same key pair throughout (the refresh
// token is bound to it), same PAR parameters, assertions and loopback listener as our client, so the
// only difference measured is the DPoP nonce handling.
import * as oidc from 'openid-client';
import { authorizationRequestParameters, userApis } from '../../src/main/auth/authorization-request.ts';
import { assertionClaimsFor } from '../../src/main/auth/assertion-details.ts';
import { helseIdClientAuth } from '../../src/main/auth/client-auth.ts';
import type { ClientKey } from '../../src/main/keys/client-key.ts';
import { startLoginLeg } from './login-leg.ts';
import type { HelseIdConfig } from '../../src/main/config/index.ts';

export interface BaselineLoginDeps {
  readonly config: HelseIdConfig;
  readonly clientKey: ClientKey;
  readonly fetch: typeof fetch;
  readonly openExternal: (url: string) => Promise<void>;
  readonly testPid: string;
}

/** Logs in and fetches one token per configured API (user APIs by refresh, machine ones by client credentials). */
export async function baselineLogin(deps: BaselineLoginDeps): Promise<{ tokens: number; done: () => Promise<void> }> {
  const { config } = deps;
  const auth = helseIdClientAuth(
    deps.clientKey,
    assertionClaimsFor(config, () => undefined),
  );
  const configuration = await oidc.discovery(new URL(config.authority.issuer), config.client.client_id, {}, auth, {
    [oidc.customFetch]: (url, options) => deps.fetch(url, options as RequestInit),
    execute: [oidc.allowInsecureRequests], // the embedded authority on 127.0.0.1
  });
  const keyPair = await oidc.randomDPoPKeyPair('ES256');
  const freshHandle = () => oidc.getDPoPHandle(configuration, keyPair); // the samples' habit: nothing remembered
  const { state, nonce, verifier, listener } = await startLoginLeg(configuration);
  let refreshToken: string | undefined;
  let tokens = 0;
  try {
    const parameters = authorizationRequestParameters({
      config,
      redirectUri: listener.redirectUri,
      state,
      nonce,
      codeChallenge: await oidc.calculatePKCECodeChallenge(verifier),
      testPid: deps.testPid,
    });
    const url = await oidc.buildAuthorizationUrlWithPAR(configuration, parameters, { DPoP: freshHandle() });
    await deps.openExternal(url.href);
    const callback = await listener.callback;
    const [first, ...rest] = userApis(config);
    const code = await oidc.authorizationCodeGrant(
      configuration,
      callback,
      { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
      { resource: first!.resource },
      { DPoP: freshHandle() },
    );
    refreshToken = code.refresh_token;
    tokens++;
    for (const api of rest) {
      const next = await oidc.refreshTokenGrant(
        configuration,
        refreshToken!,
        { resource: api.resource },
        { DPoP: freshHandle() },
      );
      refreshToken = next.refresh_token ?? refreshToken; // always the newest
      tokens++;
    }
    for (const api of config.apis.filter((a) => a.machine)) {
      await oidc.clientCredentialsGrant(
        configuration,
        { resource: api.resource, scope: api.scopes.join(' ') },
        { DPoP: freshHandle() },
      );
      tokens++;
    }
  } finally {
    listener.close();
  }
  const rt = refreshToken;
  return {
    tokens,
    done: async () => {
      if (rt) await oidc.tokenRevocation(configuration, rt, { token_type_hint: 'refresh_token' });
    },
  };
}
