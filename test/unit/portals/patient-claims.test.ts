// The patient twice — in the token's Tillitsrammeverk parameters and in session/create's claims — and
// the two must name the same patient, authorization and basis.
import { describe, expect, it } from 'vitest';
import { configSchema, type HelseIdConfig } from '../../../src/main/config/config-schema.ts';
import { innloggingClaims, patientTrustFramework } from '../../../src/main/portals/patient-claims.ts';

const config = configSchema.parse({
  authority: { kind: 'embedded', issuer: 'http://127.0.0.1:1' },
  client: { client_id: 'c', private_jwk_path: '/k' },
  parent_organization: '912345678',
}) as HelseIdConfig;

describe('the patient in the claims', () => {
  it('theTokensAttest_namesThePatient_theAuthorization_andThePurposeOfTheBasis', () => {
    const tf = patientTrustFramework(config, {
      patient: '05076600343',
      kind: 'fnr',
      authorization: 'SP',
      basis: 'AKUTT',
    });
    expect(tf).toMatchObject({
      type: 'nhn:tillitsrammeverk:parameters',
      practitioner: {
        authorization: { code: 'SP', system: 'urn:oid:2.16.578.1.12.4.1.1.9060' },
        legal_entity: { id: '912345678' },
      },
      care_relationship: { purpose_of_use: { code: 'ETREAT' }, decision_ref: { user_selected: true } },
      patients: [
        {
          identifier: {
            id: '05076600343',
            system: 'urn:oid:2.16.578.1.12.4.1.4.1',
            authority: 'https://www.skatteetaten.no',
          },
        },
      ],
    });
  });

  it.each([
    ['dnr', 'urn:oid:2.16.578.1.12.4.1.4.2', true],
    ['hnr', 'urn:oid:2.16.578.1.12.4.1.4.3', false],
    ['synthetic', 'urn:oid:2.16.578.1.12.4.1.4.1', true],
  ] as const)('a %s has system %s (population register as authority: %s)', (kind, system, register) => {
    const claims = innloggingClaims({ patient: '44057712330', kind, authorization: 'LE', basis: 'SAMTYKKE' }) as {
      patient_identifier: Record<string, string>;
    };
    expect(claims.patient_identifier.system).toBe(system);
    expect('authority' in claims.patient_identifier).toBe(register);
  });

  it('sessionCreatesClaims_areShapedAsNhnsReferenceClientSendsThem', () => {
    expect(innloggingClaims({ patient: '05076600343', kind: 'fnr', authorization: 'LE', basis: 'SAMTYKKE' })).toEqual({
      patient_identifier: {
        id: '05076600343',
        system: 'urn:oid:2.16.578.1.12.4.1.4.1',
        authority: 'https://www.skatteetaten.no',
      },
      practitioner_authorization: {
        code: 'LE',
        system: 'urn:oid:2.16.578.1.12.4.1.1.9060',
        assigner: 'https://www.helsedirektoratet.no/',
      },
      access_basis: { code: 'SAMTYKKE', system: 'SYSTEM_GRUNNLAG', assigner: 'https://nhn.no' },
    });
  });

  it('everyAttest_hasItsOwnDecisionReference', () => {
    const choice = { patient: '05076600343', kind: 'fnr', authorization: 'LE', basis: 'UNNTAK' } as const;
    const a = patientTrustFramework(config, choice) as { care_relationship: { decision_ref: { id: string } } };
    const b = patientTrustFramework(config, choice) as { care_relationship: { decision_ref: { id: string } } };
    expect(a.care_relationship.decision_ref.id).not.toBe(b.care_relationship.decision_ref.id);
  });
});
