// Verifies the ID token's signature against the authority's published keys (JWKS). openid-client
// trusts an ID token from the token endpoint on TLS alone; on a shared workstation, where the person
// in the ID token is shown and bound to the card, we want the signature too (HelseID's profile).
//
// The keys are fetched once per app run (at app start, by HelseIdClient.prepare) and kept, so a
// login costs no JWKS request (issue 14: ≤ 7 requests per login). The cache policy is ours, the key
// selection and verification are jose's (createLocalJWKSet, compactVerify): jose's remote key set
// judges freshness by Date.now() and refetches inside verify once its cacheMaxAge (10 min) has
// passed — after the callback, while the clinician waits, and at nearly every login of a clinic day.
// Here:
// - an ID token whose `kid` is not in the set (the authority rotated its signing key) makes ONE
//   refetch and is verified against the new set; such refetches happen at most once per
//   UNKNOWN_KID_COOLDOWN_MS, so a stream of tokens with made-up kids cannot make us hammer the JWKS
//   endpoint (a scheduled fetch does not start the cooldown: a key rotated just after it still works);
// - keys older than REFRESH_AFTER_MS are refetched in the background when a login starts (while the
//   browser is open, never after the callback), so a key the authority withdrew stops being
//   trusted within that time; until the refetch has arrived the old set is used.
import { compactVerify, createLocalJWKSet, errors, type JSONWebKeySet } from 'jose';
import { AppError } from '../../shared/errors/app-error.ts';

/** the JWS algorithms HelseID signs ID tokens with (its profile allows these; never none or HS*) */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const JWKS_TIMEOUT_MS = 5_000;
/** Microsoft.IdentityModel's ConfigurationManager (NHN's .NET samples) refreshes metadata and keys every 12 h */
export const REFRESH_AFTER_MS = 12 * 60 * 60_000;
/** as jose's remote key set: at most one refetch for unknown kids per 30 s */
export const UNKNOWN_KID_COOLDOWN_MS = 30_000;

export interface IdTokenVerifier {
  /**
   * Fetches the keys now unless they are already here and younger than REFRESH_AFTER_MS (or on the
   * way). Resolves when that is done; never rejects (a failure is logged, verify tries again).
   */
  prefetch(): Promise<void>;
  /** resolves when the signature verifies with one of the authority's keys; id-token-invalid otherwise */
  verify(idToken: string): Promise<void>;
}

type KeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * The authority's key set. Its endpoint not answering (the network, a time-out, a 5xx) is HelseID
 * not responding — retriable, "prøv igjen om litt" —, not an ID token that fails to verify (which
 * told the person to call IT while HelseID had an outage, issue 21); an answer that is no key set
 * is the authority's error.
 */
async function fetchKeySet(jwksUri: string, fetchImpl: typeof fetch): Promise<KeySet> {
  let response: Response;
  try {
    response = await fetchImpl(jwksUri, {
      headers: { accept: 'application/json, application/jwk-set+json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(JWKS_TIMEOUT_MS),
    });
  } catch (err) {
    throw new AppError('authority-unreachable', { retriable: true, cause: err, detail: { operation: 'jwks' } });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const detail = { operation: 'jwks', status: response.status };
    if (response.status >= 500) throw new AppError('authority-unreachable', { retriable: true, detail });
    throw new AppError('authority-error', { detail: { ...detail, problem: 'the JWKS endpoint did not answer 200' } });
  }
  // createLocalJWKSet refuses anything that is not a JWK Set (JWKSInvalid)
  try {
    return createLocalJWKSet((await response.json()) as JSONWebKeySet);
  } catch (err) {
    throw new AppError('authority-error', {
      cause: err,
      detail: { operation: 'jwks', problem: 'the JWKS endpoint answered something that is not a JWK Set' },
    });
  }
}

/** `now`: the app's clock (epoch ms), for the key set's age and the refetch cooldown. */
export function idTokenVerifier(
  jwksUri: string,
  fetchImpl: typeof fetch,
  log: (line: string) => void,
  now: () => number = Date.now,
): IdTokenVerifier {
  let keys: { set: KeySet; fetchedAt: number } | undefined;
  let lastUnknownKidRefetchAt = -Infinity;
  let loading: Promise<KeySet> | undefined;

  const load = (): Promise<KeySet> => {
    if (loading) return loading;
    const attempt = fetchKeySet(jwksUri, fetchImpl)
      .then((set) => {
        keys = { set, fetchedAt: now() };
        return set;
      })
      .finally(() => {
        if (loading === attempt) loading = undefined;
      });
    loading = attempt;
    return attempt;
  };

  const verifyWith = (idToken: string, set: KeySet) => compactVerify(idToken, set, { algorithms: ALGORITHMS });

  return {
    async prefetch() {
      if (keys && !loading && now() - keys.fetchedAt < REFRESH_AFTER_MS) return;
      await load().then(
        () => undefined,
        (err: unknown) => log(`fetching the authority's keys failed: ${(err as AppError).code ?? (err as Error).name}`),
      );
    },

    async verify(idToken) {
      try {
        // the signature only: openid-client has checked iss, aud, nonce and the times (with the skew)
        try {
          await verifyWith(idToken, keys?.set ?? (await load()));
        } catch (err) {
          // a kid we do not know: the authority may have rotated its key since we fetched the set
          if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
          if (!loading) {
            if (now() - lastUnknownKidRefetchAt < UNKNOWN_KID_COOLDOWN_MS) throw err;
            lastUnknownKidRefetchAt = now();
          }
          await verifyWith(idToken, await load());
        }
      } catch (err) {
        // no keys to check against (the JWKS endpoint down): that is the authority, not the token
        if (err instanceof AppError) throw err;
        const code = (err as { code?: unknown }).code;
        throw new AppError('id-token-invalid', {
          cause: err,
          detail: { problem: 'signature', ...(typeof code === 'string' ? { library: code } : {}) },
        });
      }
    },
  };
}
