// The embedded environment's test people and the virtual cards issued to them.
// One list read by both the card provisioning (certificate subjects) and the authority
// (certificate → person, claims). The national id numbers are synthetic (month + 80, as the
// Norwegian synthetic test numbers are), so they can never collide with a real person, and carry
// both mod-11 check digits, as real ones do: the API guard and the redaction check them.

export type CardFamily = 'buypass' | 'commfides';

export interface TestPerson {
  /** helseid://claims/identity/pid — a synthetic national id number */
  readonly pid: string;
  /** helseid://claims/hpr/hpr_number; absent for a person without HPR authorization */
  readonly hprNumber?: string;
  readonly givenName: string;
  readonly middleName?: string;
  readonly familyName: string;
  /** helseid://claims/identity/security_level */
  readonly securityLevel: '3' | '4';
  /** the professions (Volven 9060) of the person's HPR approvals; default LE for anyone with an HPR number */
  readonly professions?: readonly string[];
  /**
   * organizations the person has a role for in (emulated) Altinn, and so may confirm HelseID clients
   * for in Selvbetjening (NHN: "the person confirming must have a role in Altinn for the organization")
   */
  readonly altinnRoles?: readonly string[];
}

/** The embedded Selvbetjening's organization (selvbetjening/selvbetjening-server.ts): Kari is its general manager. */
export const EMBEDDED_SELVBETJENING_ORGANIZATION = '912345688';

export interface VirtualCardSpec {
  /** PKCS#11 token label of the SoftHSM token */
  readonly tokenLabel: string;
  readonly pin: string;
  readonly soPin: string;
  /** which test CA issues it; 'unknown' = a CA the authority does not trust */
  readonly issuer: CardFamily | 'unknown';
  readonly personPid: string;
  /** the <id> part of serialNumber=UN:NO-9578-<issuer>-<id> */
  readonly serialId: string;
  /** edge cases */
  readonly expired?: boolean;
}

export const TEST_PERSONS: readonly TestPerson[] = [
  {
    pid: '13827099842',
    hprNumber: '9144900',
    givenName: 'Kari',
    familyName: 'Nordmann',
    securityLevel: '4',
    altinnRoles: [EMBEDDED_SELVBETJENING_ORGANIZATION],
  },
  {
    pid: '02857199823',
    hprNumber: '9144901',
    givenName: 'Ola',
    middleName: 'Johan',
    familyName: 'Hansen',
    securityLevel: '4',
    // a doctor who is also a nurse: the portal asks which authorization the access is made under
    professions: ['LE', 'SP'],
  },
  { pid: '24886299806', givenName: 'Per', familyName: 'Uten-Hpr', securityLevel: '4' },
  { pid: '11917399885', hprNumber: '9144903', givenName: 'Eva', familyName: 'Utløpt', securityLevel: '4' },
  { pid: '05826499895', hprNumber: '9144904', givenName: 'Ukjent', familyName: 'Utsteder', securityLevel: '4' },
  { pid: '17906599813', hprNumber: '9144905', givenName: 'Lav', familyName: 'Sikkerhet', securityLevel: '3' },
];

export const VIRTUAL_CARDS: readonly VirtualCardSpec[] = [
  {
    tokenLabel: 'Buypass Kari Nordmann',
    pin: '1234',
    soPin: '87654321',
    issuer: 'buypass',
    personPid: '13827099842',
    serialId: '1000001',
  },
  {
    tokenLabel: 'Commfides Ola Hansen',
    pin: '2345',
    soPin: '87654321',
    issuer: 'commfides',
    personPid: '02857199823',
    serialId: '2000002',
  },
  {
    tokenLabel: 'Buypass Per Uten-Hpr',
    pin: '3456',
    soPin: '87654321',
    issuer: 'buypass',
    personPid: '24886299806',
    serialId: '1000003',
  },
  {
    tokenLabel: 'Buypass Eva Utlopt',
    pin: '4567',
    soPin: '87654321',
    issuer: 'buypass',
    personPid: '11917399885',
    serialId: '1000004',
    expired: true,
  },
  {
    tokenLabel: 'Ukjent Utsteder',
    pin: '5678',
    soPin: '87654321',
    issuer: 'unknown',
    personPid: '05826499895',
    serialId: '9000005',
  },
];

export function personByPid(pid: string): TestPerson | undefined {
  return TEST_PERSONS.find((p) => p.pid === pid);
}
