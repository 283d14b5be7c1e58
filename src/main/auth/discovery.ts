// Discovery of the authority's metadata, once per app run (refreshed in the background), and the clock difference between this
// PC and the authority measured from the discovery response's Date header (clinic PCs are often
// minutes off; assertions and DPoP proofs with a wrong iat are refused).
import { isLoopbackHttp } from '../config/loopback-url.ts';
import * as oidc from 'openid-client';
import { toAuthError } from './map-auth-error.ts';

export interface Discovered {
  readonly server: oidc.ServerMetadata;
  /** seconds to add to this PC's clock to get the authority's (openid-client's clockSkew) */
  readonly clockSkewSeconds: number;
}

/** Differences below this are the Date header's one-second resolution plus latency, not a wrong clock. */
const NEGLIGIBLE_SKEW_SECONDS = 2;
const CACHE_MS = 15 * 60_000;

export async function discover(issuer: string, fetchImpl: typeof fetch): Promise<Discovered> {
  let serverDate: number | undefined;
  let receivedAt = Date.now();
  const measuringFetch: oidc.CustomFetch = async (url, options) => {
    const response = await fetchImpl(url, options as RequestInit);
    receivedAt = Date.now(); // openid-client signs with Date.now(), so skew is measured against it
    const date = Date.parse(response.headers.get('date') ?? '');
    if (Number.isFinite(date)) serverDate = date;
    return response;
  };
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(new URL(issuer), 'discovery-only', undefined, undefined, {
      [oidc.customFetch]: measuringFetch,
      // http only for the embedded authority on 127.0.0.1 (the config schema refuses other http issuers)
      ...(isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  } catch (err) {
    throw toAuthError(err, 'discovery');
  }
  const skew = serverDate === undefined ? 0 : Math.round((serverDate - receivedAt) / 1000);
  return {
    server: config.serverMetadata(),
    clockSkewSeconds: Math.abs(skew) < NEGLIGIBLE_SKEW_SECONDS ? 0 : skew,
  };
}

/**
 * Discovery once per app run: the first call fetches, every later call answers from memory at once.
 * After CACHE_MS the cached result is still answered, and a fresh discovery runs in the background
 * (its result replaces the cached one; a failure keeps the old one and is tried again next time), so
 * no login waits for discovery after the first. A failed first attempt is not cached.
 */
export function cachedDiscovery(
  issuer: string,
  fetchImpl: typeof fetch,
  now: () => number,
  log: (line: string) => void = () => {},
) {
  let cached: Promise<Discovered> | undefined;
  let refreshing: Promise<unknown> | undefined;
  let fetchedAt = -Infinity;
  return (): Promise<Discovered> => {
    if (cached === undefined) {
      fetchedAt = now();
      const attempt = discover(issuer, fetchImpl);
      attempt.catch(() => {
        if (cached === attempt) cached = undefined;
      });
      cached = attempt;
    } else if (now() - fetchedAt >= CACHE_MS && refreshing === undefined) {
      fetchedAt = now();
      refreshing = discover(issuer, fetchImpl)
        .then(
          (fresh) => (cached = Promise.resolve(fresh)),
          (err: unknown) => log(`background discovery failed: ${(err as { code?: string }).code ?? 'error'}`),
        )
        .finally(() => (refreshing = undefined));
    }
    return cached;
  };
}
