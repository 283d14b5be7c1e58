// Text of the "Åpne Kjernejournal" panel, in bokmål (the default) and English, like i18n.ts. The
// access bases are said as the portal and the regulations say them (Samtykke, Akutt, Unntak) with
// what each requires; error texts come from the error table (src/shared/errors/portal-errors.ts).
import type { Language } from '../shared/ipc/settings-schema.ts';
import type { NationalIdProblem } from '../shared/national-id.ts';
import type { AccessBasis } from '../shared/portal-types.ts';

interface BasisText {
  readonly label: string;
  /** the portal's own word, for the line that says which patient is open */
  readonly short: string;
  readonly help: string;
}

interface PortalTexts {
  readonly title: string;
  readonly intro: string;
  readonly patient: string;
  readonly patientHelp: string;
  readonly problems: Readonly<Record<NationalIdProblem, string>>;
  readonly basis: string;
  readonly basisLogged: string;
  readonly bases: Readonly<Record<AccessBasis, BasisText>>;
  readonly basisMissing: string;
  readonly authorizationMissing: string;
  readonly authorization: string;
  readonly authorizationChoose: string;
  readonly open: string;
  readonly opening: string;
  readonly openAnother: string;
  readonly openPatient: string;
  readonly openInBrowser: string;
  readonly close: string;
  readonly closing: string;
  /** Volven 9060 names of the codes HelseID's HPR details most often hold */
  readonly authorizations: Readonly<Record<string, string>>;
}

const nb: PortalTexts = {
  title: 'Kjernejournal',
  intro: 'Åpne pasientens kjernejournal i nettleseren med innloggingen din her – uten å logge inn på nytt.',
  patient: 'Pasientens fødselsnummer',
  patientHelp: '11 sifre: fødselsnummer, D-nummer eller H-nummer.',
  problems: {
    length: 'Skriv 11 sifre, uten mellomrom.',
    date: 'Datoen i nummeret finnes ikke. Sjekk de seks første sifrene.',
    'check-digits': 'Kontrollsifrene stemmer ikke. Sjekk at nummeret er skrevet riktig.',
  },
  basis: 'Grunnlag for tilgang',
  basisLogged: 'Grunnlaget logges, og pasienten kan se på helsenorge.no hvem som har åpnet kjernejournalen.',
  bases: {
    SAMTYKKE: {
      label: 'Samtykke',
      short: 'Samtykke',
      help: 'Pasienten har samtykket til at du åpner kjernejournalen.',
    },
    AKUTT: {
      label: 'Akutt',
      short: 'Akutt',
      help: 'Pasienten trenger øyeblikkelig hjelp, og samtykke kan ikke innhentes.',
    },
    UNNTAK: {
      label: 'Unntak',
      short: 'Unntak',
      help: 'Du trenger ikke samtykke fra pasienten, for eksempel som pasientens fastlege.',
    },
  },
  basisMissing: 'Velg grunnlaget for tilgangen.',
  authorizationMissing: 'Velg autorisasjonen du handler under.',
  authorization: 'Du handler som',
  authorizationChoose: 'Velg autorisasjon',
  open: 'Åpne Kjernejournal',
  opening: 'Åpner Kjernejournal …',
  openAnother: 'Åpner du en annen pasient, lukkes den åpne først.',
  openPatient: 'Åpen pasient',
  openInBrowser: 'Kjernejournal er åpnet i nettleseren.',
  close: 'Lukk pasienten',
  closing: 'Lukker …',
  authorizations: {
    LE: 'Lege',
    SP: 'Sykepleier',
    TL: 'Tannlege',
    JO: 'Jordmor',
    FA1: 'Provisorfarmasøyt',
    FA2: 'Reseptarfarmasøyt',
    PS: 'Psykolog',
    FT: 'Fysioterapeut',
    HF: 'Helsefagarbeider',
    AA: 'Ambulansearbeider',
    PM: 'Paramedisiner',
  },
};

const en: PortalTexts = {
  title: 'Kjernejournal',
  intro: "Open the patient's summary care record in the browser with your login here – without logging in again.",
  patient: "Patient's national id number",
  patientHelp: '11 digits: national id number, D-number or H-number.',
  problems: {
    length: 'Enter 11 digits, without spaces.',
    date: 'The date in the number does not exist. Check the first six digits.',
    'check-digits': 'The check digits do not match. Check that the number is typed correctly.',
  },
  basis: 'Basis for access',
  basisLogged: 'The basis is logged, and the patient can see on helsenorge.no who opened the record.',
  bases: {
    SAMTYKKE: {
      label: 'Samtykke (consent)',
      short: 'Samtykke',
      help: 'The patient has consented to you opening the record.',
    },
    AKUTT: {
      label: 'Akutt (emergency)',
      short: 'Akutt',
      help: 'The patient needs immediate care, and consent cannot be obtained.',
    },
    UNNTAK: {
      label: 'Unntak (exception)',
      short: 'Unntak',
      help: "You do not need the patient's consent, for example as the patient's regular GP.",
    },
  },
  basisMissing: 'Choose the basis for access.',
  authorizationMissing: 'Choose the authorization you act under.',
  authorization: 'You act as',
  authorizationChoose: 'Choose an authorization',
  open: 'Open Kjernejournal',
  opening: 'Opening Kjernejournal …',
  openAnother: 'Opening another patient closes the open one first.',
  openPatient: 'Open patient',
  openInBrowser: 'Kjernejournal is open in the browser.',
  close: 'Close the patient',
  closing: 'Closing …',
  authorizations: {
    LE: 'Doctor',
    SP: 'Nurse',
    TL: 'Dentist',
    JO: 'Midwife',
    FA1: 'Pharmacist (provisor)',
    FA2: 'Pharmacist (reseptar)',
    PS: 'Psychologist',
    FT: 'Physiotherapist',
    HF: 'Health worker',
    AA: 'Ambulance worker',
    PM: 'Paramedic',
  },
};

export const PORTAL_TEXT: Readonly<Record<Language, PortalTexts>> = { nb, en };

/** "Lege (LE)"; a code without a name stays the code */
export function authorizationName(code: string, language: Language): string {
  const name = PORTAL_TEXT[language].authorizations[code];
  return name ? `${name} (${code})` : code;
}
