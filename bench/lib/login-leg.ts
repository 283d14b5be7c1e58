// The client's side of one authorization code round, as both bench baselines start it: a fresh
// state, nonce and PKCE verifier, and the app's own one-shot loopback listener for the callback.
import * as oidc from 'openid-client';
import { startLoopbackListener, type LoopbackListener } from '../../src/main/auth/loopback-listener.ts';

export interface LoginLeg {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly listener: LoopbackListener;
}

export async function startLoginLeg(configuration: oidc.Configuration): Promise<LoginLeg> {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const listener = await startLoopbackListener({
    expectedState: state,
    expectedIssuer: configuration.serverMetadata().issuer,
    timeoutMs: 30_000,
    port: 0,
    signal: new AbortController().signal,
    log: () => {},
  });
  return { state, nonce, verifier, listener };
}
