// The record demo API (modelled on Kjernejournal): it serves only tokens that carry the
// Tillitsrammeverk parameters, i.e. who the practitioner is, where, and why they need the record.
import { CLAIM } from '../settings.ts';
import type { DemoApiRoute } from './demo-api-server.ts';
import { GuardError } from '../api-guard/index.ts';

interface TrustFramework {
  practitioner?: { authorization?: { code?: string }; legal_entity?: { id?: string }; point_of_care?: { id?: string } };
  care_relationship?: { purpose_of_use?: { code?: string }; healthcare_service?: { code?: string } };
}

function trustFramework(claims: Record<string, unknown>): TrustFramework {
  const value = claims[CLAIM.tillitsrammeverk];
  if (!value || typeof value !== 'object') {
    throw new GuardError(
      'insufficient_claims',
      `the record API needs the Tillitsrammeverk parameters (claim ${CLAIM.tillitsrammeverk}): send type nhn:tillitsrammeverk:parameters in the PAR request or in the client assertion`,
    );
  }
  const tf = value as TrustFramework;
  if (!tf.practitioner?.legal_entity?.id || !tf.care_relationship?.purpose_of_use?.code) {
    throw new GuardError(
      'insufficient_claims',
      'the Tillitsrammeverk parameters lack practitioner.legal_entity.id or care_relationship.purpose_of_use.code',
    );
  }
  return tf;
}

export const recordApiRoutes: DemoApiRoute[] = [
  {
    method: 'GET',
    path: '/api/record/summary',
    handle: ({ claims }) => {
      const tf = trustFramework(claims);
      return {
        api: 'record',
        accepted: {
          pid: claims[CLAIM.pid],
          legal_entity: tf.practitioner?.legal_entity?.id,
          point_of_care: tf.practitioner?.point_of_care?.id,
          authorization: tf.practitioner?.authorization?.code,
          purpose_of_use: tf.care_relationship?.purpose_of_use?.code,
        },
        summary: { allergies: [], critical_information: 'none recorded (demo data)' },
      };
    },
  },
];
