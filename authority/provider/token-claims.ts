// What goes into HelseID access tokens beyond oidc-provider's own claims: the user's identity
// claims (from the login behind the grant), idp/amr/sid, and claims contributed by extra sources
// (client assertion structures, token exchange). `scope` becomes a JSON array as HelseID emits it.
import type { KoaContextWithOIDC, OidcTokenLike } from 'oidc-provider';
import { CLAIM, USER_SCOPES } from '../settings.ts';
import { personByPid } from '../test-persons.ts';
import { userClaims, type LoginRecords } from './accounts.ts';

/** A contributor of extra access-token claims; returns undefined when it has nothing to add. */
export type ClaimSource = (
  ctx: KoaContextWithOIDC,
  token: OidcTokenLike,
) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

function grantedScopes(ctx: KoaContextWithOIDC): Set<string> {
  const { AuthorizationCode, RefreshToken } = ctx.oidc.entities;
  return new Set(String(AuthorizationCode?.scope ?? RefreshToken?.scope ?? '').split(' '));
}

export function loginClaimSource(logins: LoginRecords): ClaimSource {
  return (ctx, token) => {
    const login = logins.get(token.grantId);
    if (!login) return undefined;
    const person = login.person ?? personByPid(login.pid);
    if (!person) return undefined;
    const all = userClaims(person, login);
    const scopes = grantedScopes(ctx);
    for (const withheld of login.rejectedScopes ?? []) scopes.delete(withheld);
    // Identity claims follow the identity scopes of the login, as in HelseID.
    const out: Record<string, unknown> = { idp: login.idp, amr: login.amr, sid: token.sid };
    if (scopes.has(USER_SCOPES.pid)) out[CLAIM.pid] = all[CLAIM.pid];
    if (scopes.has(USER_SCOPES.hprNumber) && all[CLAIM.hprNumber]) out[CLAIM.hprNumber] = all[CLAIM.hprNumber];
    if (scopes.has(USER_SCOPES.securityLevel)) out[CLAIM.securityLevel] = all[CLAIM.securityLevel];
    if (scopes.has(USER_SCOPES.assuranceLevel)) out[CLAIM.assuranceLevel] = all[CLAIM.assuranceLevel];
    if (scopes.has(USER_SCOPES.network)) out[CLAIM.network] = all[CLAIM.network];
    if (scopes.has('profile')) out.name = all.name;
    return out;
  };
}

export function extraTokenClaims(sources: readonly ClaimSource[]) {
  return async (ctx: KoaContextWithOIDC, token: OidcTokenLike): Promise<Record<string, unknown> | undefined> => {
    const merged: Record<string, unknown> = {};
    for (const source of sources) Object.assign(merged, await source(ctx, token));
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    return Object.keys(merged).length ? merged : undefined;
  };
}

/** formats.customizers.jwt: HelseID emits `scope` as a JSON array. */
export async function helseIdJwtCustomizer(
  _ctx: unknown,
  _token: unknown,
  jwt: { payload: Record<string, unknown> },
): Promise<void> {
  if (typeof jwt.payload.scope === 'string') jwt.payload.scope = jwt.payload.scope.split(' ').filter(Boolean);
}
