// Card error codes and the text a person sees for each, in bokmål and English.
// PKCS#11 return values (CKR_*) are mapped to these in ONE function: src/main/card/map-pkcs11-error.ts.
// `{triesLeft}` is filled from the error's detail by errorText().
import type { ErrorTextEntry } from './error-entry.ts';
import { entry } from './error-entry.ts';
import { PIN_LENGTH_WORDS } from '../pin-rule.ts';

export const CARD_ERROR_CODES = [
  'card-no-reader',
  'card-not-present',
  'card-removed',
  'card-unknown',
  'card-busy',
  'card-device-error',
  'card-pin-incorrect',
  'card-pin-incorrect-tries-left',
  'card-pin-incorrect-few-left',
  'card-pin-incorrect-final-try',
  'card-pin-locked',
  'card-pin-format',
  'card-pin-cancelled',
  'card-pin-pad-unsupported',
  'card-no-auth-certificate',
  'card-certificate-expired',
  'card-certificate-not-yet-valid',
  'card-key-not-found',
  'card-mechanism-unsupported',
  'card-module-missing',
  'card-module-failed',
  'card-module-timeout',
  'card-service-stopped',
  'card-internal',
] as const;

export type CardErrorCode = (typeof CARD_ERROR_CODES)[number];

/** Retriable card errors after which the app should simply ask for the PIN again. */
export const CARD_PIN_RETRY_CODES: readonly CardErrorCode[] = [
  'card-pin-incorrect',
  'card-pin-incorrect-tries-left',
  'card-pin-incorrect-few-left',
  'card-pin-incorrect-final-try',
  'card-pin-format',
];

export function isCardErrorCode(value: unknown): value is CardErrorCode {
  return typeof value === 'string' && (CARD_ERROR_CODES as readonly string[]).includes(value);
}

const IT_NB = 'Kontakt IT-avdelingen hvis feilen kommer tilbake.';
const IT_EN = 'Contact your IT department if it happens again.';

export const CARD_ERROR_TEXTS: Readonly<Record<CardErrorCode, ErrorTextEntry>> = {
  'card-no-reader': entry(
    true,
    {
      title: 'Ingen kortleser',
      what: 'Kortleseren er ikke koblet til datamaskinen.',
      todo: 'Koble kortleseren til datamaskinen.',
    },
    {
      title: 'No card reader',
      what: 'The card reader is not connected to the computer.',
      todo: 'Connect the card reader to the computer.',
    },
  ),
  'card-not-present': entry(
    true,
    {
      title: 'Ingen kort',
      what: 'Det er ikke noe kort i kortleseren.',
      todo: 'Sett inn smartkortet ditt i kortleseren.',
    },
    {
      title: 'No card',
      what: 'There is no card in the card reader.',
      todo: 'Insert your smart card into the card reader.',
    },
  ),
  'card-removed': entry(
    true,
    {
      title: 'Kortet ble tatt ut',
      what: 'Kortet ble tatt ut av leseren før operasjonen var ferdig.',
      todo: 'Sett inn kortet igjen og prøv på nytt.',
    },
    {
      title: 'Card removed',
      what: 'The card was removed from the reader before the operation finished.',
      todo: 'Insert the card again and try again.',
    },
  ),
  'card-unknown': entry(
    true,
    {
      title: 'Ukjent kort',
      what: 'Kortet i leseren ble ikke gjenkjent.',
      todo: 'Sjekk at kortet står riktig vei i leseren, eller bruk et Buypass- eller Commfides-kort.',
    },
    {
      title: 'Unknown card',
      what: 'The card in the reader was not recognised.',
      todo: 'Check that the card is the right way round, or use a Buypass or Commfides card.',
    },
  ),
  'card-busy': entry(
    true,
    {
      title: 'Kortet er opptatt',
      what: 'Et annet program bruker kortet akkurat nå.',
      todo: 'Vent litt og prøv igjen.',
    },
    { title: 'Card busy', what: 'Another program is using the card right now.', todo: 'Wait a moment and try again.' },
  ),
  'card-device-error': entry(
    true,
    {
      title: 'Feil i kortleseren',
      what: 'Kortet eller kortleseren svarte med en feil.',
      todo: `Ta ut kortet, sett det inn igjen og prøv på nytt. ${IT_NB}`,
    },
    {
      title: 'Card reader error',
      what: 'The card or the card reader answered with an error.',
      todo: `Remove the card, insert it again and try again. ${IT_EN}`,
    },
  ),
  'card-pin-incorrect': entry(
    true,
    { title: 'Feil PIN-kode', what: 'Feil PIN-kode.', todo: 'Prøv igjen. Kortet sperres etter for mange feil.' },
    { title: 'Wrong PIN', what: 'Wrong PIN.', todo: 'Try again. The card is blocked after too many wrong tries.' },
  ),
  'card-pin-incorrect-tries-left': entry(
    true,
    {
      title: 'Feil PIN-kode',
      what: 'Feil PIN-kode. Du har {triesLeft} forsøk igjen.',
      todo: 'Prøv igjen, og skriv PIN-koden nøye.',
    },
    { title: 'Wrong PIN', what: 'Wrong PIN. {triesLeft} tries left.', todo: 'Try again, typing the PIN carefully.' },
  ),
  'card-pin-incorrect-few-left': entry(
    true,
    {
      title: 'Feil PIN-kode',
      what: 'Feil PIN-kode. Du har bare noen få forsøk igjen før kortet sperres.',
      todo: 'Prøv igjen, og skriv PIN-koden nøye.',
    },
    {
      title: 'Wrong PIN',
      what: 'Wrong PIN. Only a few tries are left before the card is blocked.',
      todo: 'Try again, typing the PIN carefully.',
    },
  ),
  'card-pin-incorrect-final-try': entry(
    true,
    {
      title: 'Feil PIN-kode – siste forsøk',
      what: 'Feil PIN-kode. Du har 1 forsøk igjen. Neste feil sperrer kortet.',
      todo: 'Er du usikker på PIN-koden, ikke prøv igjen: kontakt kortutsteder.',
    },
    {
      title: 'Wrong PIN – last try',
      what: 'Wrong PIN. 1 try left. The next wrong PIN blocks the card.',
      todo: 'If you are unsure of the PIN, do not try again: contact the card issuer.',
    },
  ),
  'card-pin-locked': entry(
    false,
    {
      title: 'PIN-koden er sperret',
      what: 'Kortet er sperret etter for mange feil PIN-koder.',
      todo: 'Lås opp kortet med PUK-koden, eller kontakt kortutstederen (Buypass eller Commfides).',
    },
    {
      title: 'PIN blocked',
      what: 'The card is blocked after too many wrong PINs.',
      todo: 'Unblock the card with its PUK, or contact the card issuer (Buypass or Commfides).',
    },
  ),
  'card-pin-format': entry(
    true,
    {
      title: 'Ugyldig PIN-kode',
      what: 'PIN-koden har feil lengde eller inneholder ugyldige tegn.',
      todo: `Skriv PIN-koden på nytt (${PIN_LENGTH_WORDS} sifre).`,
    },
    {
      title: 'Invalid PIN',
      what: 'The PIN has the wrong length or invalid characters.',
      todo: `Type the PIN again (${PIN_LENGTH_WORDS} digits).`,
    },
  ),
  'card-pin-cancelled': entry(
    true,
    { title: 'Avbrutt', what: 'PIN-inntastingen ble avbrutt.', todo: 'Start på nytt når du er klar.' },
    { title: 'Cancelled', what: 'PIN entry was cancelled.', todo: 'Start again when you are ready.' },
  ),
  'card-pin-pad-unsupported': entry(
    false,
    {
      title: 'Kortleser med tastatur støttes ikke',
      what: 'Kortleseren krever at PIN-koden tastes på leseren, og det støtter ikke programmet ennå.',
      todo: 'Bruk en kortleser uten tastatur, eller kontakt IT-avdelingen.',
    },
    {
      title: 'PIN pad reader not supported',
      what: 'The card reader wants the PIN typed on the reader, which this app does not support yet.',
      todo: 'Use a card reader without a keypad, or contact your IT department.',
    },
  ),
  'card-no-auth-certificate': entry(
    false,
    {
      title: 'Kortet kan ikke brukes til innlogging',
      what: 'Kortet har ikke noe autentiseringssertifikat.',
      todo: 'Bruk et Buypass- eller Commfides-kort for innlogging.',
    },
    {
      title: 'Card cannot be used to log in',
      what: 'The card has no authentication certificate.',
      todo: 'Use a Buypass or Commfides login card.',
    },
  ),
  'card-certificate-expired': entry(
    false,
    {
      title: 'Kortet er utløpt',
      what: 'Sertifikatet på kortet er utløpt.',
      todo: 'Bestill nytt kort fra kortutstederen. Sjekk også at klokken på datamaskinen er riktig.',
    },
    {
      title: 'Card expired',
      what: 'The certificate on the card has expired.',
      todo: 'Order a new card from the issuer. Also check that the computer clock is right.',
    },
  ),
  'card-certificate-not-yet-valid': entry(
    false,
    {
      title: 'Kortet er ikke gyldig ennå',
      what: 'Sertifikatet på kortet er ikke gyldig ennå.',
      todo: 'Sjekk at klokken på datamaskinen er riktig, eller vent til kortet blir gyldig.',
    },
    {
      title: 'Card not yet valid',
      what: 'The certificate on the card is not valid yet.',
      todo: 'Check that the computer clock is right, or wait until the card becomes valid.',
    },
  ),
  'card-key-not-found': entry(
    false,
    {
      title: 'Kortet er ufullstendig',
      what: 'Fant ikke én entydig nøkkel til sertifikatet på kortet.',
      todo: `Kontakt kortutstederen. ${IT_NB}`,
    },
    {
      title: 'Card incomplete',
      what: 'No single key matching the certificate was found on the card.',
      todo: `Contact the card issuer. ${IT_EN}`,
    },
  ),
  'card-mechanism-unsupported': entry(
    false,
    {
      title: 'Kortet støttes ikke',
      what: 'Kortet kan ikke signere på en måte programmet støtter.',
      todo: 'Kontakt IT-avdelingen.',
    },
    {
      title: 'Card not supported',
      what: 'The card cannot sign in a way this app supports.',
      todo: 'Contact your IT department.',
    },
  ),
  'card-module-missing': entry(
    false,
    {
      title: 'Kortprogramvare mangler',
      what: 'Programvaren for kortleseren (PKCS#11-modulen) er ikke installert.',
      todo: 'Be IT-avdelingen installere Net iD / Buypass Access eller Commfides-programvaren.',
    },
    {
      title: 'Card software missing',
      what: 'The card reader software (PKCS#11 module) is not installed.',
      todo: 'Ask your IT department to install Net iD / Buypass Access or the Commfides software.',
    },
  ),
  'card-module-failed': entry(
    false,
    {
      title: 'Kortprogramvaren virker ikke',
      what: 'Programvaren for kortleseren kunne ikke startes.',
      todo: 'Start datamaskinen på nytt. Detaljene står i feilsøkingsrapporten. ' + IT_NB,
    },
    {
      title: 'Card software not working',
      what: 'The card reader software could not be started.',
      todo: 'Restart the computer. The details are in the troubleshooting report. ' + IT_EN,
    },
  ),
  // retriable: the card service has already replaced the hung module by the time this is shown
  // (src/main/card/README.md), so trying again is the remedy — never "restart the app"
  'card-module-timeout': entry(
    true,
    {
      title: 'Kortprogramvaren svarte ikke',
      what: 'Programvaren for kortleseren svarte ikke i tide. Den er startet på nytt.',
      todo: 'Prøv igjen. Skjer det igjen, ta ut kortet og sett det inn på nytt.',
    },
    {
      title: 'Card software did not answer',
      what: 'The card reader software did not answer in time. It has been restarted.',
      todo: 'Try again. If it happens again, remove the card and insert it again.',
    },
  ),
  'card-service-stopped': entry(
    true,
    {
      title: 'Kortlesing er stoppet',
      what: 'Programmet leser ikke kort akkurat nå.',
      todo: 'Vent litt og prøv igjen.',
    },
    {
      title: 'Card reading stopped',
      what: 'The app is not reading cards right now.',
      todo: 'Wait a moment and try again.',
    },
  ),
  'card-internal': entry(
    false,
    {
      title: 'Feil ved bruk av kortet',
      what: 'Det oppsto en uventet feil under bruk av kortet.',
      todo: `Ta ut kortet, sett det inn igjen og prøv på nytt. ${IT_NB}`,
    },
    {
      title: 'Card error',
      what: 'An unexpected error occurred while using the card.',
      todo: `Remove the card, insert it again and try again. ${IT_EN}`,
    },
  ),
};
