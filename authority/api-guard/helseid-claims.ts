// HelseID's claim names as an API reads them. Copied, not imported, so the guard folder stands alone.
export const HELSEID_CLAIM = {
  pid: 'helseid://claims/identity/pid',
  securityLevel: 'helseid://claims/identity/security_level',
  hprNumber: 'helseid://claims/hpr/hpr_number',
  originalClientId: 'helseid://claims/client/original_client_id',
  orgnrParent: 'helseid://claims/client/claims/orgnr_parent',
  orgnrChild: 'helseid://claims/client/claims/orgnr_child',
  clientTenancy: 'helseid://claims/client/client_tenancy',
} as const;

/** Asymmetric algorithms only: HelseID never uses HMAC, and `none` is never acceptable. */
export const HELSEID_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** A token speaks for a person when it carries identity claims or a subject other than the client. */
export function isUserToken(claims: Record<string, unknown>): boolean {
  if ([HELSEID_CLAIM.pid, HELSEID_CLAIM.hprNumber, HELSEID_CLAIM.securityLevel].some((c) => claims[c] !== undefined))
    return true;
  return typeof claims.sub === 'string' && claims.sub !== claims.client_id;
}
