// Where the guard gets the authority's signing keys. From `jwksUri` (the normal case) the key set
// is fetched on first use, cached, and fetched again when a token names a kid the cache does not
// know — that is how a key rotation at HelseID reaches the API without a restart. Refetches are
// rate-limited (`cooldownMs`) so a stream of tokens with made-up kids cannot make the API hammer
// the authority. jose's remote key set implements exactly this; we only fix the knobs.
import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

export interface KeySourceOptions {
  jwksUri?: string;
  /** a fixed key set instead of jwksUri (tests, air-gapped setups); no rotation */
  jwks?: JSONWebKeySet;
  /** minimum time between two fetches caused by an unknown kid (default 30 s) */
  cooldownMs?: number;
  /** refetch after this long even if every kid is known (default 10 min) */
  maxAgeMs?: number;
  fetch?: typeof fetch;
}

export function keySource(o: KeySourceOptions): JWTVerifyGetKey {
  if (o.jwks && o.jwksUri) throw new TypeError('api guard: give either jwks or jwksUri, not both');
  if (o.jwks) return createLocalJWKSet(o.jwks);
  if (!o.jwksUri) throw new TypeError('api guard: jwksUri (or jwks) is required');
  return createRemoteJWKSet(new URL(o.jwksUri), {
    cooldownDuration: o.cooldownMs ?? 30_000,
    cacheMaxAge: o.maxAgeMs ?? 600_000,
    timeoutDuration: 5_000,
    ...(o.fetch ? { [customFetch]: o.fetch } : {}),
  });
}
