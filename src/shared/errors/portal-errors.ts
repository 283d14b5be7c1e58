// Opening a national portal (Kjernejournal) with the card session: what the clinician reads when the
// patient's number is wrong, when the portal's login service (Kjernejournal Innlogging) refuses, or
// when the browser never picked the portal up. The service's own words (RFC 7807 `detail`), the HTTP
// status and the operation go to "Detaljer for IT" (detail: operation, status, description); they
// never name the patient.
import { entry } from './error-entry.ts';

export const PORTAL_ERROR_TEXTS = {
  'portal-not-configured': entry(
    false,
    {
      title: 'Kjernejournal er ikke satt opp',
      what: 'Denne arbeidsstasjonen er ikke satt opp for å åpne Kjernejournal.',
      todo: 'Kontakt IT-avdelingen; de legger Kjernejournal til under "portals" i oppsettet.',
    },
    {
      title: 'Kjernejournal is not set up',
      what: 'This workstation is not set up to open Kjernejournal.',
      todo: 'Contact your IT department; they add Kjernejournal under "portals" in the configuration.',
    },
  ),
  'portal-patient-invalid': entry(
    false,
    {
      title: 'Fødselsnummeret er ikke gyldig',
      what: 'Pasientens fødselsnummer (eller D- eller H-nummer) må være 11 sifre med riktig dato og kontrollsifre.',
      todo: 'Sjekk nummeret og skriv det inn på nytt.',
    },
    {
      title: 'The national id number is not valid',
      what: "The patient's national id number (or D- or H-number) must be 11 digits with a valid date and check digits.",
      todo: 'Check the number and enter it again.',
    },
  ),
  'portal-authorization-unknown': entry(
    false,
    {
      title: 'Autorisasjonen er ukjent',
      what: 'Programmet vet ikke hvilken helsepersonellautorisasjon du har (HPR), eller du valgte en du ikke har.',
      todo: 'Velg en av autorisasjonene i listen. Står du ikke i Helsepersonellregisteret, kontakt IT-avdelingen.',
    },
    {
      title: 'The authorization is unknown',
      what: 'The app does not know which health personnel authorization (HPR) you hold, or you chose one you do not hold.',
      todo: 'Choose one of the authorizations in the list. If you are not in the Health Personnel Register, contact your IT department.',
    },
  ),
  'portal-unreachable': entry(
    true,
    {
      title: 'Kjernejournal svarer ikke',
      what: 'Programmet fikk ikke kontakt med innloggingstjenesten til Kjernejournal.',
      todo: 'Prøv igjen om litt. Vedvarer det, kontakt IT-avdelingen.',
    },
    {
      title: 'Kjernejournal is not responding',
      what: "The app could not reach Kjernejournal's login service.",
      todo: 'Try again in a while. If it persists, contact your IT department.',
    },
  ),
  'portal-token-refused': entry(
    true,
    {
      title: 'Kjernejournal godtok ikke innloggingen',
      what: 'Innloggingstjenesten til Kjernejournal godtok ikke tilgangen fra HelseID.',
      todo: 'Logg ut og inn igjen. Hjelper ikke det, kontakt IT-avdelingen (se detaljene).',
    },
    {
      title: 'Kjernejournal did not accept the login',
      what: "Kjernejournal's login service did not accept the access from HelseID.",
      todo: 'Log out and in again. If that does not help, contact your IT department (see the details).',
    },
  ),
  'portal-scope-missing': entry(
    false,
    {
      title: 'Arbeidsstasjonen mangler tilgang til Kjernejournal',
      what: 'Tilgangen fra HelseID mangler det Kjernejournal krever (innlogging og tillitsrammeverk).',
      todo: 'Kontakt IT-avdelingen; HelseID-klienten må ha tilgangene nhn:kjernejournal/innlogging og nhn:kjernejournal/tillitsrammeverk.',
    },
    {
      title: 'This workstation lacks access to Kjernejournal',
      what: 'The access from HelseID lacks what Kjernejournal requires (login and trust framework).',
      todo: 'Contact your IT department; the HelseID client needs the scopes nhn:kjernejournal/innlogging and nhn:kjernejournal/tillitsrammeverk.',
    },
  ),
  'portal-request-refused': entry(
    false,
    {
      title: 'Kjernejournal avviste forespørselen',
      what: 'Innloggingstjenesten til Kjernejournal avviste forespørselen fra programmet.',
      todo: 'Kontakt IT-avdelingen og oppgi detaljene.',
    },
    {
      title: 'Kjernejournal refused the request',
      what: "Kjernejournal's login service refused the app's request.",
      todo: 'Contact your IT department and give them the details.',
    },
  ),
  'portal-access-denied': entry(
    false,
    {
      title: 'Kjernejournal ga ikke tilgang til pasienten',
      what: 'Kjernejournal godtok ikke pasienten, grunnlaget eller autorisasjonen sammen med innloggingen din.',
      todo: 'Åpne pasienten på nytt. Skjer det igjen, kontakt IT-avdelingen.',
    },
    {
      title: 'Kjernejournal gave no access to the patient',
      what: 'Kjernejournal did not accept the patient, the basis or the authorization together with your login.',
      todo: 'Open the patient again. If it happens again, contact your IT department.',
    },
  ),
  'portal-session-ended': entry(
    false,
    {
      title: 'Kjernejournal-økten er avsluttet',
      what: 'Økten i Kjernejournal er ikke lenger aktiv.',
      todo: 'Åpne pasienten i Kjernejournal på nytt.',
    },
    {
      title: 'The Kjernejournal session has ended',
      what: 'The session in Kjernejournal is no longer active.',
      todo: 'Open the patient in Kjernejournal again.',
    },
  ),
  'portal-error': entry(
    true,
    {
      title: 'Feil hos Kjernejournal',
      what: 'Innloggingstjenesten til Kjernejournal svarte med en feil.',
      todo: 'Prøv igjen om litt. Vedvarer det, kontakt IT-avdelingen.',
    },
    {
      title: 'Error at Kjernejournal',
      what: "Kjernejournal's login service answered with an error.",
      todo: 'Try again in a while. If it persists, contact your IT department.',
    },
  ),
  'portal-not-delivered': entry(
    true,
    {
      title: 'Nettleseren åpnet ikke Kjernejournal',
      what: 'Nettleseren du logget inn med hentet ikke Kjernejournal i tide, så pasienten ble ikke åpnet.',
      todo: 'Prøv igjen. Skjer det igjen, logg ut og inn igjen i samme nettleser.',
    },
    {
      title: 'The browser did not open Kjernejournal',
      what: 'The browser you logged in with did not pick up Kjernejournal in time, so the patient was not opened.',
      todo: 'Try again. If it happens again, log out and in again in the same browser.',
    },
  ),
} as const;

export type PortalErrorCode = keyof typeof PORTAL_ERROR_TEXTS;
