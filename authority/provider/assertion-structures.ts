// Structured claims a client sends in its client assertion (claim `assertion_details`, older NHN
// code `authorization_details`; which one HelseID reads is UNCONFIRMED, so both are read):
// - helseid_authorization: the child organization number (single-tenant: ENH system + child;
//   multi-tenant: urn:oid:1.0.6523 + NO:ORGNR:<parent>:<child>);
// - nhn:tillitsrammeverk:parameters for this one token response.
// Tillitsrammeverk from the PAR (kept on the login) and from the assertion at once is refused
// with HelseID's HID-DOUBLE-STRUCTURE error (on refresh before the refresh token is rotated).
import { decodeJwt } from 'jose';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { CLAIM, CLIENT_OWNER_ORGNR } from '../settings.ts';
import type { LoginRecords } from './accounts.ts';
import type { ClaimSource } from './token-claims.ts';

export const TILLITSRAMMEVERK_TYPE = 'nhn:tillitsrammeverk:parameters';
const ENH_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.101';
const MULTI_TENANT_SYSTEM = 'urn:oid:1.0.6523';

type Structure = Record<string, unknown> & { type?: unknown };

export function structuresIn(container: Record<string, unknown>): Structure[] {
  const out: Structure[] = [];
  for (const name of ['assertion_details', 'authorization_details']) {
    let value = container[name];
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        throw new errors.InvalidRequest(`${name} is not valid JSON`);
      }
    }
    for (const s of Array.isArray(value) ? value : value ? [value] : [])
      if (s && typeof s === 'object') out.push(s as Structure);
  }
  return out;
}

export function tillitsrammeverkIn(structures: Structure[]): Structure | undefined {
  return structures.find((s) => s.type === TILLITSRAMMEVERK_TYPE);
}

export function orgNumberClaims(structures: Structure[]): Record<string, string> | undefined {
  const auth = structures.find((s) => s.type === 'helseid_authorization') as
    { practitioner_role?: { organization?: { identifier?: { system?: string; value?: string } } } } | undefined;
  const id = auth?.practitioner_role?.organization?.identifier;
  if (!id?.value) return undefined;
  if (id.system === ENH_SYSTEM && /^\d{9}$/.test(id.value)) {
    return {
      [CLAIM.orgnrParent]: CLIENT_OWNER_ORGNR,
      [CLAIM.orgnrChild]: id.value,
      [CLAIM.clientTenancy]: 'single-tenant',
    };
  }
  const multi = /^NO:ORGNR:(\d{9}):(\d{9})$/.exec(id.value);
  if (id.system === MULTI_TENANT_SYSTEM && multi) {
    return {
      [CLAIM.orgnrParent]: multi[1]!,
      [CLAIM.orgnrChild]: multi[2]!,
      [CLAIM.orgnrSupplier]: CLIENT_OWNER_ORGNR,
      [CLAIM.clientTenancy]: 'multi-tenant',
    };
  }
  throw new errors.InvalidRequest(
    'helseid_authorization organization identifier must be ENH + 9 digits, or urn:oid:1.0.6523 + NO:ORGNR:<parent>:<child>',
  );
}

/** The token request's client assertion structures (none outside the token endpoint). */
export function tokenRequestStructures(ctx: KoaContextWithOIDC): Structure[] | undefined {
  const assertion = ctx.oidc.params?.client_assertion;
  return ctx.oidc.route === 'token' && typeof assertion === 'string' ? structuresIn(decodeJwt(assertion)) : undefined;
}

/** HelseID's HID-DOUBLE-STRUCTURE: Tillitsrammeverk from the login's PAR and from this assertion. */
export function assertNoDoubleStructure(
  logins: LoginRecords,
  grantId: string | undefined,
  structures: Structure[],
): void {
  if (tillitsrammeverkIn(structures) && logins.get(grantId)?.tillitsrammeverk) {
    throw new errors.AccessDenied(
      'HID-DOUBLE-STRUCTURE: Tillitsrammeverk parameters were sent both in the authorization request and in the client assertion',
    );
  }
}

/** Refresh grants were already checked before rotation (refresh-precheck.ts); code redemption is checked here. */
export function assertionClaimSource(logins: LoginRecords): ClaimSource {
  return (ctx, token) => {
    const structures = tokenRequestStructures(ctx);
    if (!structures) return undefined;
    assertNoDoubleStructure(logins, token.grantId, structures);
    const fromAssertion = tillitsrammeverkIn(structures);
    return { ...orgNumberClaims(structures), ...(fromAssertion ? { [CLAIM.tillitsrammeverk]: fromAssertion } : {}) };
  };
}

/** Claim source: Tillitsrammeverk parameters from the PAR, in every token of that login. */
export function parTillitsrammeverkSource(logins: LoginRecords): ClaimSource {
  return (_ctx, token) => {
    const tf = logins.get(token.grantId)?.tillitsrammeverk;
    return tf ? { [CLAIM.tillitsrammeverk]: tf } : undefined;
  };
}
