// private_key_jwt the way HelseID wants it, on top of openid-client's PrivateKeyJwt: header
// typ "client-authentication+jwt", a 30 s lifetime, and per-request structured claims (child
// organization, Tillitsrammeverk). openid-client calls this for EVERY request, retries included, so
// each request gets a fresh jti.
import * as oidc from 'openid-client';
import type { ClientKey } from '../keys/client-key.ts';

const ASSERTION_LIFETIME_SECONDS = 30;

/** Decides the extra claims of one assertion from the request body it authenticates. */
export type AssertionClaims = (body: URLSearchParams) => Readonly<Record<string, unknown>> | undefined;

/** A fixed key, or where to get the key at the moment an assertion is signed. */
export type ClientKeySource = ClientKey | (() => Promise<ClientKey>);

/**
 * `authorityNow` (epoch seconds on the authority's clock, AuthorityClock.nowSeconds) is read when each
 * assertion is signed, so a skew re-measured after a refusal applies to the very next request.
 * Without it, openid-client's clockSkew of the configuration applies.
 *
 * `clientKey` as a function is asked for EVERY assertion: a provisioned client's key is renewed
 * while sessions, machine-token lines and refreshes built earlier keep running, and each of their
 * assertions must be signed with the key store's current key, not the one they started with.
 */
export function helseIdClientAuth(
  clientKey: ClientKeySource,
  extraClaims: AssertionClaims = () => undefined,
  authorityNow?: () => number,
): oidc.ClientAuth {
  return async (as, client, body, headers) => {
    const extra = extraClaims(body);
    const key = typeof clientKey === 'function' ? await clientKey() : clientKey;
    const auth = oidc.PrivateKeyJwt(key, {
      [oidc.modifyAssertion]: (header, payload) => {
        header.typ = 'client-authentication+jwt';
        if (authorityNow) payload.iat = payload.nbf = authorityNow();
        payload.exp = Number(payload.iat) + ASSERTION_LIFETIME_SECONDS;
        if (extra) Object.assign(payload, extra);
      },
    });
    await auth(as, client, body, headers);
  };
}

/**
 * Adds client_id + client_assertion to a form for an endpoint openid-client does not know (the card
 * back channel). `client` must carry the session's [oidc.clockSkew].
 */
export async function authenticateForm(
  server: oidc.ServerMetadata,
  client: oidc.ClientMetadata,
  clientAuth: oidc.ClientAuth,
  form: URLSearchParams,
): Promise<void> {
  await clientAuth(server, client, form, new Headers());
}
