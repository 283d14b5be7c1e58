// Turns validated ID token claims into the user the app shows, and enforces HelseID's rule that a
// clinician's login has security level 4. The national id number stays in main (card binding) and
// crosses nowhere else except masked.
import type { IDToken } from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { UserView } from '../../shared/session-types.ts';
import { HPR_AUTHORIZATION_PATTERN } from '../../shared/portal-types.ts';

export const CLAIMS = {
  pid: 'helseid://claims/identity/pid',
  securityLevel: 'helseid://claims/identity/security_level',
  hprNumber: 'helseid://claims/hpr/hpr_number',
  hprDetails: 'helseid://claims/hpr/hpr_details',
} as const;

export const REQUIRED_SECURITY_LEVEL = '4';

export interface LoggedInUser extends UserView {
  /** HelseID's subject identifier (a hash of the pid, not the pid) */
  readonly sub: string;
}

export interface UserIdentity {
  readonly user: LoggedInUser;
  /** the plain national id number: for binding the person to the card inside main only */
  readonly pid: string;
  /** the professions (Volven 9060: LE, SP …) of the person's HPR approvals, in HelseID's order */
  readonly hprAuthorizations: readonly string[];
}

/**
 * HelseID's HPR details (`{"hpr_number", "approvals": [{"profession": "LE", "authorization": {…}, …}]}`,
 * as NHN's samples read it — HelseID.Samples maps it from userinfo; a JSON string or an object) →
 * the distinct professions. Anything else: none.
 */
export function hprAuthorizationsOf(value: unknown): string[] {
  let details = value;
  if (typeof details === 'string') {
    try {
      details = JSON.parse(details) as unknown;
    } catch {
      return [];
    }
  }
  const approvals = (details as { approvals?: unknown } | null)?.approvals;
  if (!Array.isArray(approvals)) return [];
  const codes = approvals
    .map((a) => (a as { profession?: unknown } | null)?.profession)
    .filter((p): p is string => typeof p === 'string' && HPR_AUTHORIZATION_PATTERN.test(p));
  return [...new Set(codes)];
}

/** '13827099842' → '138270*****' (birth date kept, the personal digits hidden) */
export function maskPid(pid: string): string {
  return pid.length === 11 ? `${pid.slice(0, 6)}*****` : '***********'.slice(0, Math.max(pid.length, 1));
}

export function userFromIdToken(claims: IDToken): UserIdentity {
  const text = (name: string): string | undefined => {
    const value = claims[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const level = text(CLAIMS.securityLevel);
  if (level !== REQUIRED_SECURITY_LEVEL) {
    throw new AppError('security-level-too-low', { detail: { securityLevel: level ?? 'missing' } });
  }
  const pid = text(CLAIMS.pid);
  if (pid === undefined) throw new AppError('id-token-invalid', { detail: { claim: 'pid missing' } });
  const givenName = text('given_name') ?? '';
  const familyName = text('family_name') ?? '';
  const hprNumber = text(CLAIMS.hprNumber);
  const idp = text('idp');
  const user: LoggedInUser = {
    name: text('name') ?? [givenName, text('middle_name'), familyName].filter(Boolean).join(' '),
    givenName,
    familyName,
    securityLevel: level,
    pidMasked: maskPid(pid),
    sub: claims.sub,
    ...(hprNumber === undefined ? {} : { hprNumber }),
    ...(idp === undefined ? {} : { idp }),
  };
  return { user, pid, hprAuthorizations: hprAuthorizationsOf(claims[CLAIMS.hprDetails]) };
}
