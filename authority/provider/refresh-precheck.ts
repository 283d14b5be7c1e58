// Refusals of a refresh request that must come BEFORE the presented refresh token is rotated.
// oidc-provider consumes (rotates) the refresh token before it resolves the resource and mints the
// access token, so errors found there cost the client its refresh token (and a retry with the old
// one revokes the whole grant as a replay). HelseID (Duende IdentityServer) presumably validates the
// whole request before rotating (UNCONFIRMED, but the brief and the app assume it). The
// `rotateRefreshToken` hook is oidc-provider's public point between "refresh token validated"
// (client, expiry, DPoP binding, account) and "rotated": the checks run there and throw.
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { API_DEFINITIONS } from '../settings.ts';
import type { LoginRecords } from './accounts.ts';
import { assertNoDoubleStructure, tokenRequestStructures } from './assertion-structures.ts';

type PresentedRefreshToken = { grantId?: string; resourceIndicators?: Set<string> };

function assertGrantedResource(ctx: KoaContextWithOIDC, rt: PresentedRefreshToken): void {
  const resource = ctx.oidc.params?.resource;
  if (Array.isArray(resource))
    throw new errors.InvalidTarget('one resource per refresh request: ask for one API per access token');
  if (typeof resource === 'string' && !rt.resourceIndicators?.has(resource)) {
    throw new errors.InvalidTarget(`resource "${resource}" was not granted at login (PAR)`);
  }
}

/**
 * A `scope` naming several APIs (or another API than `resource`) cannot be one single-audience
 * token. The same rule as token exchange; HelseID's answer here is UNCONFIRMED (HELSEID.md tells
 * clients not to send scope on refresh at all), oidc-provider would otherwise downscope silently.
 */
function assertScopeOfOneApi(ctx: KoaContextWithOIDC): void {
  const scopes = String(ctx.oidc.params?.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const apis = new Set(
    scopes.map((s) => API_DEFINITIONS.find((a) => a.scopes.includes(s))).filter((a) => a !== undefined),
  );
  const resource = ctx.oidc.params?.resource;
  if (apis.size > 1)
    throw new errors.InvalidTarget('scope names the scopes of several APIs: ask for one API per access token');
  const [api] = apis;
  if (api && typeof resource === 'string' && api.resource !== resource)
    throw new errors.InvalidTarget('scope does not belong to the requested resource');
}

/** `rotateRefreshToken`: HelseID always rotates, after these checks. */
export function rotateAfterPrechecks(logins: LoginRecords) {
  return async (ctx: KoaContextWithOIDC): Promise<boolean> => {
    const rt = ctx.oidc.entities.RefreshToken as PresentedRefreshToken | undefined;
    if (!rt) return true;
    assertGrantedResource(ctx, rt);
    assertScopeOfOneApi(ctx);
    assertNoDoubleStructure(logins, rt.grantId, tokenRequestStructures(ctx) ?? []);
    return true;
  };
}
