// The words of the printed diagnostics report, in bokmål and English. Values (paths, states,
// codes) stay as they are so IT can search for them.
import type { Language } from '../../shared/errors/error-texts.ts';

export interface DoctorLabels {
  readonly title: string;
  readonly version: string;
  readonly runtime: string;
  readonly configuration: string;
  readonly source: string;
  readonly valid: string;
  readonly invalid: string;
  readonly modules: string;
  readonly readers: string;
  readonly cards: string;
  readonly none: string;
  readonly authority: string;
  readonly reachable: string;
  readonly unreachable: string;
  readonly issuerMismatch: string;
  readonly clock: string;
  readonly clockUnknown: string;
  readonly apis: string;
  readonly problems: string;
  readonly noProblems: string;
  readonly pinPad: string;
  readonly hasCard: string;
  readonly empty: string;
  readonly state: string;
  readonly validTo: string;
  readonly machine: string;
}

export const DOCTOR_LABELS: Readonly<Record<Language, DoctorLabels>> = {
  nb: {
    title: 'HelseID Desktop – diagnoserapport', version: 'Versjon', runtime: 'Kjøremiljø', configuration: 'Oppsett',
    source: 'kilde', valid: 'gyldig', invalid: 'UGYLDIG', modules: 'Kortprogramvare (PKCS#11)', readers: 'Kortlesere', cards: 'Kort',
    none: '(ingen)', authority: 'HelseID', reachable: 'svarer', unreachable: 'SVARER IKKE', issuerMismatch: 'utsteder i svaret er en annen enn i oppsettet',
    clock: 'Klokke', clockUnknown: 'ukjent (ingen Date-header)', apis: 'API-er', problems: 'Funn', noProblems: 'Ingen funn.',
    pinPad: 'PIN-tastatur', hasCard: 'kort i leseren', empty: 'tom', state: 'tilstand', validTo: 'gyldig til', machine: 'maskin',
  },
  en: {
    title: 'HelseID Desktop – diagnostics report', version: 'Version', runtime: 'Runtime', configuration: 'Configuration',
    source: 'source', valid: 'valid', invalid: 'INVALID', modules: 'Card software (PKCS#11)', readers: 'Card readers', cards: 'Cards',
    none: '(none)', authority: 'HelseID', reachable: 'reachable', unreachable: 'NOT REACHABLE', issuerMismatch: 'the answer names another issuer than the configuration',
    clock: 'Clock', clockUnknown: 'unknown (no Date header)', apis: 'APIs', problems: 'Findings', noProblems: 'No findings.',
    pinPad: 'PIN pad', hasCard: 'card inserted', empty: 'empty', state: 'state', validTo: 'valid to', machine: 'machine',
  },
};
