// HelseID's TestIdP, emulated: the PAR's `test_pid` logs in at once, without a page. Which numbers
// HelseID's TestIdP accepts is undocumented and its test identities are synthetic, so any
// well-formed national id number logs in (national-id.ts). The built-in test people keep their
// names and HPR numbers; anyone else gets a stable made-up name and no HPR number, unless the
// request asks for one with the emulator's own parameter `test_hpr_number`. `test_security_level`
// (2, 3 or 4) is the level of this login.
import { createHash } from 'node:crypto';
import { personByPid, type TestPerson } from '../test-persons.ts';
import type { SecurityLevel } from '../provider/accounts.ts';
import { nationalIdKind } from './national-id.ts';

export interface TestIdpLogin {
  person: TestPerson;
  level: SecurityLevel;
}

const GIVEN = [
  'Ingrid',
  'Lars',
  'Sofie',
  'Nils',
  'Marit',
  'Erik',
  'Hanne',
  'Jonas',
  'Silje',
  'Anders',
  'Tone',
  'Håkon',
];
const FAMILY = [
  'Berg',
  'Dahl',
  'Lie',
  'Haugen',
  'Moen',
  'Solberg',
  'Bakken',
  'Strand',
  'Eide',
  'Lunde',
  'Aas',
  'Nygård',
];

/** The same number always gets the same name, so a developer recognises their test person. */
export function madeUpPerson(pid: string, hprNumber: string | undefined): TestPerson {
  const h = createHash('sha256').update(`testidp-name:${pid}`).digest();
  return {
    pid,
    hprNumber,
    givenName: GIVEN[h[0]! % GIVEN.length]!,
    familyName: FAMILY[h[1]! % FAMILY.length]!,
    securityLevel: '4',
  };
}

/** The login TestIdP makes of the PAR's test parameters, or the refusal naming the parameter. */
export function testIdpLogin(params: Record<string, unknown>): TestIdpLogin | { refusal: string } {
  const pid = params.test_pid;
  if (typeof pid !== 'string' || !pid)
    return {
      refusal: 'TestIdP: test_pid is missing: send test_pid=<a Norwegian national id number, 11 digits> in the PAR',
    };
  const builtIn = personByPid(pid);
  if (!builtIn) {
    const checked = nationalIdKind(pid);
    if ('problem' in checked) {
      return {
        refusal: `TestIdP: test_pid must be a Norwegian national id number (11 digits, a valid day and month, both mod-11 check digits; D-, H- and synthetic numbers accepted): ${checked.problem}`,
      };
    }
  }
  const hpr = params.test_hpr_number;
  if (hpr !== undefined && (typeof hpr !== 'string' || !/^\d{4,9}$/.test(hpr))) {
    return { refusal: 'TestIdP: test_hpr_number must be an HPR number of 4 to 9 digits' };
  }
  const level = params.test_security_level ?? builtIn?.securityLevel ?? '4';
  if (level !== '2' && level !== '3' && level !== '4') {
    return { refusal: `TestIdP: test_security_level must be 2, 3 or 4 (got "${String(level).slice(0, 8)}")` };
  }
  const person = builtIn ? (hpr ? { ...builtIn, hprNumber: hpr } : builtIn) : madeUpPerson(pid, hpr);
  return { person, level };
}
