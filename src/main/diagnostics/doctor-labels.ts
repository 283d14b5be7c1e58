// The words of the printed troubleshooting report, in bokmål and English: one language per report.
// Values IT searches for (paths, field names, client id, OAuth error codes) stay as they are.
import type { CardEnvironment, CardPinState, CardState, IssuerFamily, ModuleStatus } from '../../shared/card-types.ts';
import type { Language } from '../../shared/errors/error-texts.ts';
import type { ClientProbeOutcome } from './client-probe.ts';

export interface DoctorLabels {
  readonly title: string;
  readonly findingsBlocking: string;
  readonly findings: string;
  readonly noFindings: string;
  readonly todo: string;
  readonly lastError: string;
  readonly noLastError: string;
  readonly version: string;
  readonly runtime: string;
  readonly configuration: string;
  readonly source: string;
  /** where a JSON syntax error is, and how many more problems the file has */
  readonly lineColumn: string;
  readonly moreProblems: string;
  readonly valid: string;
  readonly invalid: string;
  readonly embeddedSource: string;
  readonly environmentJson: string;
  readonly provisioningSource: string;
  /** why HelseID did not answer (authority-probe.ts's words, for IT) */
  readonly noAnswerWithin: string;
  readonly connectionFailed: string;
  readonly discoveryNotJson: string;
  readonly clockNoAnswer: string;
  readonly clientId: string;
  readonly clientKey: string;
  readonly keyPresent: string;
  readonly keyMissing: string;
  readonly keyParseable: string;
  readonly keyUnparseable: string;
  readonly keyPrivate: string;
  readonly keyPublicOnly: string;
  readonly keyProtected: string;
  readonly keyExposed: string;
  readonly keyMode: string;
  readonly modules: string;
  readonly readers: string;
  readonly cards: string;
  readonly notChecked: string;
  /** the configuration is fine, but this window does not look for cards (set-up screen, key problem) */
  readonly notCheckedHere: string;
  readonly none: string;
  readonly authority: string;
  readonly reachable: string;
  readonly unreachable: string;
  readonly answeredStatus: string;
  readonly issuerMismatch: string;
  readonly acceptsClient: string;
  readonly probe: Readonly<Record<ClientProbeOutcome, string>>;
  readonly clock: string;
  readonly clockUnknown: string;
  readonly apis: string;
  readonly portals: string;
  readonly portalAnswers: string;
  readonly portalNoAnswer: string;
  readonly portalScopes: string;
  readonly pinPad: string;
  readonly hasCard: string;
  readonly empty: string;
  readonly validTo: string;
  readonly machine: string;
  readonly kind: Readonly<Record<string, string>>;
  readonly moduleStatus: Readonly<Record<ModuleStatus, string>>;
  readonly cardState: Readonly<Record<CardState, string>>;
  readonly pin: Readonly<Record<CardPinState, string>>;
  readonly issuer: Readonly<Record<IssuerFamily, string>>;
  readonly environment: Readonly<Record<CardEnvironment, string>>;
}

export const DOCTOR_LABELS: Readonly<Record<Language, DoctorLabels>> = {
  nb: {
    title: 'HelseID Desktop – feilsøkingsrapport',
    findingsBlocking: 'Funn – innlogging virker ikke før dette er rettet',
    findings: 'Funn',
    noFindings: 'Ingen funn: innlogging skal virke.',
    todo: 'Gjør dette',
    lastError: 'Siste feil brukeren så',
    noLastError: 'ingen',
    version: 'Versjon',
    runtime: 'Kjøremiljø',
    configuration: 'Oppsett',
    source: 'kilde',
    lineColumn: 'linje {line}, kolonne {column}',
    moreProblems: '(og {n} feil til)',
    valid: 'i orden',
    invalid: 'FEIL',
    embeddedSource: 'innebygd testmiljø (ingen konfigurasjonsfil)',
    environmentJson: 'miljøets JSON-linje i',
    provisioningSource: 'maskinens eget oppsett via Selvbetjening',
    noAnswerWithin: 'ikke svar innen',
    connectionFailed: 'tilkoblingen feilet',
    discoveryNotJson: 'svaret er ikke JSON',
    clockNoAnswer: 'ukjent (HelseID svarte ikke)',
    clientId: 'Klient-ID',
    clientKey: 'Klientnøkkel',
    keyPresent: 'finnes',
    keyMissing: 'MANGLER',
    keyParseable: 'gyldig JWK',
    keyUnparseable: 'IKKE GYLDIG JWK',
    keyPrivate: 'privat nøkkel',
    keyPublicOnly: 'BARE OFFENTLIG DEL',
    keyProtected: 'bare eieren kan lese',
    keyExposed: 'KAN LESES AV ANDRE',
    keyMode: 'rettigheter',
    modules: 'Kortprogramvare (PKCS#11)',
    readers: 'Kortlesere',
    cards: 'Kort',
    notChecked: 'ikke sjekket (oppsettet er ikke i orden)',
    notCheckedHere:
      'ikke sjekket her (vinduet ser etter kort først når maskinen kan logge inn; «helseid-desktop doctor» viser dem)',
    none: '(ingen)',
    authority: 'HelseID',
    reachable: 'svarer',
    unreachable: 'SVARER IKKE',
    answeredStatus: 'SVARTE MED FEIL',
    issuerMismatch: 'utsteder i svaret er en annen enn i oppsettet',
    acceptsClient: 'Godtar klienten',
    probe: {
      accepted: 'ja (prøveforespørsel godtatt)',
      refused: 'NEI – avvist',
      clock: 'NEI – avvist på grunn av klokken',
      tls: 'NEI – sertifikatfeil på forbindelsen',
      network: 'ukjent – ingen svar',
      'not-checked': 'ikke sjekket',
    },
    clock: 'Klokke',
    clockUnknown: 'ukjent (HelseID oppga ikke klokkeslett)',
    apis: 'Tjenester (API-er)',
    portals: 'Portaler',
    portalAnswers: 'svarer',
    portalNoAnswer: 'SVARER IKKE',
    portalScopes: 'HelseID gir klienten tilgangene',
    pinPad: 'PIN-tastatur',
    hasCard: 'kort i leseren',
    empty: 'tom',
    validTo: 'gyldig til',
    machine: 'maskin-til-maskin',
    kind: {
      embedded: 'innebygd testmiljø',
      'helseid-test': 'HelseID test',
      'helseid-prod': 'HelseID produksjon',
      custom: 'egendefinert',
    },
    moduleStatus: { loaded: 'lastet', missing: 'mangler', failed: 'feilet' },
    cardState: {
      ok: 'gyldig',
      expired: 'UTLØPT',
      'not-yet-valid': 'IKKE GYLDIG ENNÅ',
      'no-auth-certificate': 'MANGLER INNLOGGINGSSERTIFIKAT',
      'unknown-issuer': 'UKJENT UTSTEDER',
    },
    pin: {
      ok: 'kan brukes',
      'count-low': 'få forsøk igjen',
      'final-try': 'siste forsøk',
      locked: 'SPERRET',
      'pin-pad-unsupported': 'PIN-tastatur støttes ikke',
    },
    issuer: { buypass: 'Buypass', commfides: 'Commfides', unknown: 'ukjent utsteder' },
    environment: { test: 'test', prod: 'produksjon', unknown: 'ukjent miljø' },
  },
  en: {
    title: 'HelseID Desktop – troubleshooting report',
    findingsBlocking: 'Findings – login will not work until these are fixed',
    findings: 'Findings',
    noFindings: 'No findings: login should work.',
    todo: 'What to do',
    lastError: 'Last error the user saw',
    noLastError: 'none',
    version: 'Version',
    runtime: 'Runtime',
    configuration: 'Configuration',
    source: 'source',
    lineColumn: 'line {line}, column {column}',
    moreProblems: '(and {n} more)',
    valid: 'valid',
    invalid: 'INVALID',
    embeddedSource: 'embedded test environment (no configuration file)',
    environmentJson: "the environment's JSON line in",
    provisioningSource: "this workstation's own set-up through Selvbetjening",
    noAnswerWithin: 'no answer within',
    connectionFailed: 'connection failed',
    discoveryNotJson: 'the answer is not JSON',
    clockNoAnswer: 'unknown (HelseID did not answer)',
    clientId: 'Client ID',
    clientKey: 'Client key',
    keyPresent: 'present',
    keyMissing: 'MISSING',
    keyParseable: 'valid JWK',
    keyUnparseable: 'NOT A VALID JWK',
    keyPrivate: 'private key',
    keyPublicOnly: 'PUBLIC PART ONLY',
    keyProtected: 'owner only',
    keyExposed: 'READABLE BY OTHERS',
    keyMode: 'mode',
    modules: 'Card software (PKCS#11)',
    readers: 'Card readers',
    cards: 'Cards',
    notChecked: 'not checked (the configuration is not valid)',
    notCheckedHere:
      'not checked here (the window looks for cards once the computer can log in; "helseid-desktop doctor" lists them)',
    none: '(none)',
    authority: 'HelseID',
    reachable: 'reachable',
    unreachable: 'NOT REACHABLE',
    answeredStatus: 'ANSWERED WITH AN ERROR',
    issuerMismatch: 'the answer names another issuer than the configuration',
    acceptsClient: 'Accepts the client',
    probe: {
      accepted: 'yes (test request accepted)',
      refused: 'NO – refused',
      clock: 'NO – refused because of the clock',
      tls: 'NO – certificate error on the connection',
      network: 'unknown – no answer',
      'not-checked': 'not checked',
    },
    clock: 'Clock',
    clockUnknown: 'unknown (HelseID gave no time)',
    apis: 'Services (APIs)',
    portals: 'Portals',
    portalAnswers: 'answers',
    portalNoAnswer: 'DOES NOT ANSWER',
    portalScopes: 'HelseID grants the client the scopes',
    pinPad: 'PIN pad',
    hasCard: 'card inserted',
    empty: 'empty',
    validTo: 'valid to',
    machine: 'machine to machine',
    kind: {
      embedded: 'embedded test environment',
      'helseid-test': 'HelseID test',
      'helseid-prod': 'HelseID production',
      custom: 'custom',
    },
    moduleStatus: { loaded: 'loaded', missing: 'missing', failed: 'failed' },
    cardState: {
      ok: 'valid',
      expired: 'EXPIRED',
      'not-yet-valid': 'NOT YET VALID',
      'no-auth-certificate': 'NO LOGIN CERTIFICATE',
      'unknown-issuer': 'UNKNOWN ISSUER',
    },
    pin: {
      ok: 'usable',
      'count-low': 'few tries left',
      'final-try': 'final try',
      locked: 'BLOCKED',
      'pin-pad-unsupported': 'PIN pad not supported',
    },
    issuer: { buypass: 'Buypass', commfides: 'Commfides', unknown: 'unknown issuer' },
    environment: { test: 'test', prod: 'production', unknown: 'unknown environment' },
  },
};
