// Accounts for oidc-provider: the test persons, identified by a hash of their national id number
// (HelseID's `sub` is a hash of the pid too), plus what each login looked like (which IdP, which
// security level). The login facts hang off the grant because one person can log in through
// different IdPs and levels, and every token carries its grantId.
import { createHash } from 'node:crypto';
import type { Account, FindAccount } from 'oidc-provider';
import { TEST_PERSONS, type TestPerson } from '../test-persons.ts';
import { CLAIM } from '../settings.ts';

export type SecurityLevel = '2' | '3' | '4';

export interface LoginRecord {
  pid: string;
  /** who logged in: a built-in test person, or TestIdP's made-up person for another number */
  person?: TestPerson;
  idp: string;
  amr: string[];
  securityLevel: SecurityLevel;
  /** the PAR asked for offline_access: issue refresh tokens (see par-registry.ts for why) */
  offlineAccess: boolean;
  /** scopes asked for but withheld (the rejectScopes knob): reported as rejected_scope */
  rejectedScopes?: string[];
  /** nhn:tillitsrammeverk:parameters sent with the PAR: in every access token of this login */
  tillitsrammeverk?: Record<string, unknown>;
}

export function subjectFor(pid: string): string {
  return createHash('sha256').update(`helseid-desktop-emulator:${pid}`).digest('base64url');
}

export function personBySubject(sub: string): TestPerson | undefined {
  return TEST_PERSONS.find((p) => subjectFor(p.pid) === sub);
}

export class LoginRecords {
  readonly #byGrant = new Map<string, LoginRecord>();
  /** people who are not built in (TestIdP with any well-formed number), by subject */
  readonly #people = new Map<string, TestPerson>();

  set(grantId: string, record: LoginRecord): void {
    this.#byGrant.set(grantId, record);
    if (record.person) this.#people.set(subjectFor(record.person.pid), record.person);
  }

  person(sub: string): TestPerson | undefined {
    return this.#people.get(sub) ?? personBySubject(sub);
  }

  get(grantId: string | undefined): LoginRecord | undefined {
    return grantId ? this.#byGrant.get(grantId) : undefined;
  }
}

const ASSURANCE: Record<SecurityLevel, string> = { '2': 'low', '3': 'substantial', '4': 'high' };

export function userClaims(person: TestPerson, login: LoginRecord | undefined): Record<string, unknown> {
  const securityLevel = login?.securityLevel ?? person.securityLevel;
  const name = [person.givenName, person.middleName, person.familyName].filter(Boolean).join(' ');
  return {
    sub: subjectFor(person.pid),
    name,
    given_name: person.givenName,
    middle_name: person.middleName,
    family_name: person.familyName,
    [CLAIM.pid]: person.pid,
    [CLAIM.hprNumber]: person.hprNumber,
    [CLAIM.hprDetails]: hprDetails(person),
    [CLAIM.securityLevel]: securityLevel,
    [CLAIM.assuranceLevel]: ASSURANCE[securityLevel],
    [CLAIM.network]: 'internett',
    idp: login?.idp,
  };
}

/**
 * HelseID's HPR details, in the shape NHN's samples read (HelseID.Samples maps the claim from
 * userinfo; NHN's and FHI's TypeScript and Kotlin clients parse `approvals[].profession` and
 * `authorization`). Whether HelseID also puts it in the ID token is UNCONFIRMED: the emulator does.
 */
function hprDetails(person: TestPerson): Record<string, unknown> | undefined {
  if (person.hprNumber === undefined) return undefined;
  return {
    hpr_number: Number(person.hprNumber),
    approvals: (person.professions ?? ['LE']).map((profession) => ({
      profession,
      authorization: { value: '1', description: 'Autorisasjon' },
      requisition_rights: [],
      specialities: [],
    })),
  };
}

export function makeFindAccount(logins: LoginRecords): FindAccount {
  return async (_ctx, sub, token) => {
    const person = logins.person(sub);
    if (!person) return undefined;
    const grantId = (token as { grantId?: string } | undefined)?.grantId;
    const account: Account = {
      accountId: sub,
      claims: async () => userClaims(person, logins.get(grantId)),
    };
    return account;
  };
}
