// Verifies the ID token's signature against the authority's published keys (JWKS). openid-client
// trusts an ID token from the token endpoint on TLS alone; on a shared workstation, where the person
// in the ID token is shown and bound to the card, we want the signature too (HelseID's profile).
// jose's remote key set handles rotation (an unknown kid refetches, with a cooldown). The keys are
// fetched ahead, while the browser is open, and kept for the app run, so verifying adds no round trip
// after the callback.
import { compactVerify, createRemoteJWKSet, customFetch } from 'jose';
import { AppError } from '../../shared/errors/app-error.ts';

/** the JWS algorithms HelseID signs ID tokens with (its profile allows these; never none or HS*) */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const JWKS_TIMEOUT_MS = 5_000;

export interface IdTokenVerifier {
  /** starts fetching the keys now (ignored if they are fresh or already on the way) */
  prefetch(): void;
  /** resolves when the signature verifies with one of the authority's keys; id-token-invalid otherwise */
  verify(idToken: string): Promise<void>;
}

export function idTokenVerifier(jwksUri: string, fetchImpl: typeof fetch, log: (line: string) => void): IdTokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUri), {
    [customFetch]: (url, options) => fetchImpl(url, options as RequestInit),
    timeoutDuration: JWKS_TIMEOUT_MS,
  });
  return {
    prefetch() {
      if (keys.fresh || keys.reloading) return;
      keys.reload().catch((err: unknown) => log(`prefetching the authority's keys failed: ${(err as Error).name}`));
    },
    async verify(idToken) {
      try {
        // the signature only: openid-client has checked iss, aud, nonce and the times (with the skew)
        await compactVerify(idToken, keys, { algorithms: ALGORITHMS });
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        throw new AppError('id-token-invalid', { cause: err, detail: { problem: 'signature', ...(typeof code === 'string' ? { library: code } : {}) } });
      }
    },
  };
}
