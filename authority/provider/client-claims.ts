// Claims about the client in machine (client-credentials) access tokens: HelseID names the
// organization that owns the client (orgnr_parent) and the client's tenancy even when no child
// organization was asserted. A child organization in the client assertion (assertion-structures.ts)
// overrides these, so this source must come before that one.
import { CLAIM, CLIENT_OWNER_ORGNR } from '../settings.ts';
import type { ClaimSource } from './token-claims.ts';

export const clientCredentialsClaimSource: ClaimSource = (ctx) => {
  if (ctx.oidc.params?.grant_type !== 'client_credentials') return undefined;
  return { [CLAIM.orgnrParent]: CLIENT_OWNER_ORGNR, [CLAIM.clientTenancy]: 'single-tenant' };
};
