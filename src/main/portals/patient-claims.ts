// What a portal session says about the patient, twice, and both must agree:
// - in the token: HelseID's Tillitsrammeverk parameters (type nhn:tillitsrammeverk:parameters) with
//   the patient in `patients`, sent in the client assertion of the token request for the portal's
//   resource (HelseID, "Profil for bruk av Tillitsrammeverket gjennom HelseID": flow 2, the attest is
//   in that response's token only) — so every renewal carries it again (auth/portal-tokens.ts);
// - in Kjernejournal Innlogging's session/create body: `claims` with patient_identifier,
//   practitioner_authorization and access_basis, shaped as NHN's reference client sends them
//   (kjernejournal-innlogging-klient, kjinnlogging/KjernejournalInnlogging.kt).
// The identifier systems are Tillitsrammeverk's (informasjons_og_datamodell.md §4.5.1: F-, D- and
// H-number); Kjernejournal's own page lists F- and D-numbers only, so an H-number may be refused there.
import type { NationalIdKind } from '../../shared/national-id.ts';
import type { AccessBasis } from '../../shared/portal-types.ts';
import { tillitsrammeverkDetail } from '../auth/assertion-details.ts';
import type { HelseIdConfig } from '../config/config-schema.ts';

const IDENTIFIER_SYSTEM: Readonly<Record<NationalIdKind, string>> = {
  fnr: 'urn:oid:2.16.578.1.12.4.1.4.1',
  // Skatteetaten's synthetic test numbers are fødselsnumre of the test population register
  synthetic: 'urn:oid:2.16.578.1.12.4.1.4.1',
  dnr: 'urn:oid:2.16.578.1.12.4.1.4.2',
  hnr: 'urn:oid:2.16.578.1.12.4.1.4.3',
};
const SKATTEETATEN = 'https://www.skatteetaten.no';
const HPR_AUTHORIZATION_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.9060';
const PURPOSE_OF_USE_SYSTEM = 'urn:oid:2.16.840.1.113883.1.11.20448';

/**
 * Tillitsrammeverk's purpose of use per access basis (forretningsregler ATT-38/39): emergency care is
 * ETREAT, consented and consent-exempt care TREAT. (NHN's reference client maps UNNTAK to COC with
 * "IT-systemarbeid" — its test choice "skal bare sjekke noe", not a clinician's.)
 */
const PURPOSE_OF_USE: Readonly<Record<AccessBasis, string>> = { SAMTYKKE: 'TREAT', AKUTT: 'ETREAT', UNNTAK: 'TREAT' };

export interface PatientChoice {
  readonly patient: string;
  readonly kind: NationalIdKind;
  /** the HPR authorization (Volven 9060) the clinician acts under */
  readonly authorization: string;
  readonly basis: AccessBasis;
}

function patientIdentifier(choice: PatientChoice) {
  return {
    id: choice.patient,
    system: IDENTIFIER_SYSTEM[choice.kind],
    // an H-number is assigned by a health institution, not by the population register
    ...(choice.kind === 'hnr' ? {} : { authority: SKATTEETATEN }),
  };
}

/** The Tillitsrammeverk structure for the portal's token requests while this patient is open. */
export function patientTrustFramework(config: HelseIdConfig, choice: PatientChoice): object {
  const base = tillitsrammeverkDetail(config);
  return {
    ...base,
    practitioner: {
      ...base.practitioner,
      authorization: { code: choice.authorization, system: HPR_AUTHORIZATION_SYSTEM },
    },
    care_relationship: {
      ...base.care_relationship,
      purpose_of_use: { code: PURPOSE_OF_USE[choice.basis], system: PURPOSE_OF_USE_SYSTEM },
      // the clinician chose this access (patient, basis) in the window
      decision_ref: { ...base.care_relationship.decision_ref, user_selected: true },
    },
    patients: [{ identifier: patientIdentifier(choice) }],
  };
}

/** session/create's `claims`, as NHN's reference client sends them. */
export function innloggingClaims(choice: PatientChoice): object {
  return {
    patient_identifier: patientIdentifier(choice),
    practitioner_authorization: {
      code: choice.authorization,
      system: HPR_AUTHORIZATION_SYSTEM,
      assigner: 'https://www.helsedirektoratet.no/',
    },
    access_basis: { code: choice.basis, system: 'SYSTEM_GRUNNLAG', assigner: 'https://nhn.no' },
  };
}
