// Error codes of the app shell and IPC layer, with the text a person sees.
import type { ErrorTextEntry } from './error-entry.ts';

export const APP_ERROR_TEXTS = {
  internal: {
    retriable: false,
    nb: {
      title: 'Noe gikk galt',
      what: 'Programmet møtte en uventet feil.',
      todo: 'Prøv igjen. Hvis feilen kommer tilbake, send feilsøkingsrapporten til IT-avdelingen.',
    },
    en: {
      title: 'Something went wrong',
      what: 'The app hit an unexpected error.',
      todo: 'Try again. If it happens again, send the troubleshooting report to your IT department.',
    },
  },
  'ipc-unknown-channel': {
    retriable: false,
    nb: {
      title: 'Intern feil',
      what: 'Vinduet sendte en forespørsel programmet ikke kjenner.',
      todo: 'Start programmet på nytt.',
    },
    en: { title: 'Internal error', what: 'The window sent a request the app does not know.', todo: 'Restart the app.' },
  },
  'ipc-invalid-request': {
    retriable: false,
    nb: {
      title: 'Ugyldig forespørsel',
      what: 'Vinduet sendte en forespørsel med ugyldig innhold.',
      todo: 'Sjekk det du skrev inn og prøv igjen.',
    },
    en: {
      title: 'Invalid request',
      what: 'The window sent a request with invalid content.',
      todo: 'Check what you entered and try again.',
    },
  },
  'ipc-invalid-response': {
    retriable: false,
    nb: {
      title: 'Intern feil',
      what: 'Programmet svarte vinduet med ugyldige data.',
      todo: 'Start programmet på nytt.',
    },
    en: { title: 'Internal error', what: 'The app answered the window with invalid data.', todo: 'Restart the app.' },
  },
  'no-card-selected': {
    retriable: true,
    nb: {
      title: 'Ingen kort',
      what: 'Det er ikke noe kort å logge inn med.',
      todo: 'Sett inn smartkortet ditt i kortleseren.',
    },
    en: {
      title: 'No card',
      what: 'There is no card to log in with.',
      todo: 'Insert your smart card into the card reader.',
    },
  },
  'login-in-progress': {
    retriable: true,
    nb: {
      title: 'Innlogging pågår',
      what: 'En innlogging er allerede i gang.',
      todo: 'Fullfør eller avbryt den før du starter en ny.',
    },
    en: {
      title: 'Login in progress',
      what: 'A login is already under way.',
      todo: 'Finish or cancel it before starting another.',
    },
  },
  'card-not-usable': {
    retriable: false,
    nb: {
      title: 'Kortet kan ikke brukes',
      what: 'Kortet i leseren kan ikke brukes til innlogging.',
      todo: 'Bruk et gyldig Buypass- eller Commfides-kort, eller kontakt IT-avdelingen.',
    },
    en: {
      title: 'Card cannot be used',
      what: 'The card in the reader cannot be used to log in.',
      todo: 'Use a valid Buypass or Commfides card, or contact your IT department.',
    },
  },
  'no-configuration': {
    retriable: false,
    nb: {
      title: 'Mangler oppsett',
      what: 'Maskinen har ingen konfigurasjonsfil for HelseID, og det innebygde testmiljøet kjører ikke.',
      todo: 'Be IT-avdelingen legge inn konfigurasjonsfilen ({file}).',
    },
    en: {
      title: 'Not configured',
      what: 'This machine has no HelseID configuration file and the embedded test environment is not running.',
      todo: 'Ask your IT department to install the configuration file ({file}).',
    },
  },
  'clipboard-unavailable': {
    retriable: false,
    nb: {
      title: 'Kunne ikke kopiere',
      what: 'Programmet fikk ikke tilgang til utklippstavlen.',
      todo: 'Merk teksten i rapporten og kopier den selv.',
    },
    en: {
      title: 'Could not copy',
      what: 'The app could not use the clipboard.',
      todo: 'Select the report text and copy it yourself.',
    },
  },
  'pin-request-expired': {
    retriable: true,
    nb: {
      title: 'PIN-forespørselen er utløpt',
      what: 'Innloggingen ba ikke lenger om PIN-kode.',
      todo: 'Start innloggingen på nytt.',
    },
    en: {
      title: 'PIN request expired',
      what: 'The login was no longer waiting for a PIN.',
      todo: 'Start the login again.',
    },
  },
  'session-locked': {
    retriable: true,
    nb: {
      title: 'Økten er låst',
      what: 'Kortet ble tatt ut, så økten er låst.',
      todo: 'Sett inn det samme kortet og skriv inn PIN-koden for å låse opp.',
    },
    en: {
      title: 'Session locked',
      what: 'The card was removed, so the session is locked.',
      todo: 'Insert the same card and enter its PIN to unlock.',
    },
  },
  'unlock-card-missing': {
    retriable: true,
    nb: {
      title: 'Kortet mangler',
      what: 'Kortet som økten tilhører, står ikke i leseren.',
      todo: 'Sett inn det samme kortet du logget inn med.',
    },
    en: {
      title: 'Card missing',
      what: 'The card this session belongs to is not in the reader.',
      todo: 'Insert the same card you logged in with.',
    },
  },
  'unlock-refused': {
    retriable: false,
    nb: {
      title: 'Kunne ikke låse opp',
      what: 'Kortet beviste ikke at det er det samme kortet som ved innloggingen.',
      todo: 'Logg ut og logg inn på nytt med ditt eget kort.',
    },
    en: {
      title: 'Could not unlock',
      what: 'The card did not prove it is the card used to log in.',
      todo: 'Log out and log in again with your own card.',
    },
  },
} as const satisfies Record<string, ErrorTextEntry>;

export type AppErrorCode = keyof typeof APP_ERROR_TEXTS;
