// Resource indicators (RFC 8707): each demo API is a resource server with its own audience and
// scopes. oidc-provider then downscopes every access token to the one API it is issued for.
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { API_DEFINITIONS, LIFETIMES, SELVBETJENING, scopesOfResource as scopesOf } from '../settings.ts';

export async function getResourceServerInfo(_ctx: KoaContextWithOIDC, resourceIndicator: string) {
  const scopes = scopesOf(resourceIndicator);
  if (!scopes) throw new errors.InvalidTarget(`unknown resource "${resourceIndicator}"`);
  return {
    scope: scopes.join(' '),
    audience: resourceIndicator,
    accessTokenTTL: LIFETIMES.accessToken,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

/**
 * Called when a token request omits `resource` although the grant HAS resources (oidc-provider's
 * resolve_resource.js skips it when the authorization request named none). HelseID would then
 * mint one token for several audiences; the emulator refuses on code redemption so a client that
 * forgets `resource` fails loudly in development instead of in production. A login-only client
 * (PAR without `resource`) redeems its code without one and gets an ID token and an access token
 * for userinfo only: that is HelseID's "error only when resources were requested" rule.
 */
export async function useGrantedResource(ctx: KoaContextWithOIDC): Promise<boolean> {
  if (ctx.oidc.params?.grant_type === 'authorization_code') {
    throw new errors.InvalidTarget('resource is required when redeeming the code: ask for one API per access token');
  }
  return false;
}

/**
 * A client-credentials request without `resource` gets the one resource its scopes belong to, as
 * HelseID derives the audience from the scopes (NHN's samples ask for `nhn:selvbetjening/client`
 * with no resource). Scopes of several resources, or none, leave it without one.
 */
export async function clientCredentialsDefaultResource(ctx: KoaContextWithOIDC): Promise<string | undefined> {
  if (ctx.oidc.params?.grant_type !== 'client_credentials') return undefined;
  const requested = String(ctx.oidc.params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const resources = [...API_DEFINITIONS.map((a) => a.resource), SELVBETJENING.resource];
  const owners = new Set(requested.map((s) => resources.find((r) => scopesOf(r)!.includes(s))));
  const [only] = owners;
  return owners.size === 1 && only ? only : undefined;
}
