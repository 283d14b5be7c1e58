// Error codes of the HelseID client (configuration, login, tokens, API calls) and the text a
// person sees for each. Library errors are mapped to these once, in src/main/auth/map-auth-error.ts.
import type { ErrorTextEntry } from './error-entry.ts';
import { entry } from './error-entry.ts';

export const AUTH_ERROR_CODES = [
  'invalid-config',
  'client-key-invalid',
  'client-not-accepted',
  'authority-unreachable',
  'authority-busy',
  'authority-error',
  'clock-skew',
  'clock-wrong',
  'browser-open-failed',
  'browser-page-taken',
  'loopback-unavailable',
  'login-cancelled',
  'login-timeout',
  'login-page-expired',
  'callback-state-mismatch',
  'callback-error',
  'card-authentication-failed',
  'id-token-invalid',
  'login-other-person',
  'security-level-too-low',
  'not-logged-in',
  'refresh-token-expired',
  'api-unknown',
  'api-unreachable',
  'api-refused',
  'token-exchange-refused',
  'organization-unknown',
  'unit-refused',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export function isAuthErrorCode(value: unknown): value is AuthErrorCode {
  return typeof value === 'string' && (AUTH_ERROR_CODES as readonly string[]).includes(value);
}

export const AUTH_ERROR_TEXTS: Readonly<Record<AuthErrorCode, ErrorTextEntry>> = {
  'invalid-config': entry(
    false,
    {
      title: 'Feil i oppsettet',
      what: 'Konfigurasjonsfilen for HelseID Desktop er ugyldig.',
      todo: 'Kontakt IT-avdelingen. Detaljene står i feilsøkingsrapporten.',
    },
    {
      title: 'Configuration error',
      what: 'The HelseID Desktop configuration file is invalid.',
      todo: 'Contact your IT department. The troubleshooting report has the details.',
    },
  ),
  'client-key-invalid': entry(
    false,
    {
      title: 'Innlogging er ikke satt opp på denne maskinen',
      what: 'Programmet kan ikke bruke nøkkelen det trenger for å logge inn hos HelseID, så ingen kan logge inn herfra akkurat nå. Kortet ditt er i orden.',
      todo: 'Kontakt IT-avdelingen. De finner feilen under «Detaljer for IT» og i feilsøkingsrapporten.',
    },
    {
      title: 'Login is not set up on this computer',
      what: 'The app cannot use the key it needs to log in with HelseID, so nobody can log in from here right now. Your card is fine.',
      todo: 'Contact your IT department. They find the fault under "Details for IT" and in the troubleshooting report.',
    },
  ),
  'client-not-accepted': entry(
    false,
    {
      title: 'HelseID godtar ikke programmet på denne maskinen',
      what: 'HelseID avviste maskinens HelseID-klient, så ingen kan logge inn herfra akkurat nå. Kortet ditt er i orden, og å prøve igjen hjelper ikke.',
      todo: 'Kontakt IT-avdelingen. De finner feilen under «Detaljer for IT» og i feilsøkingsrapporten.',
    },
    {
      title: 'HelseID does not accept the app on this computer',
      what: 'HelseID refused this computer\u2019s HelseID client, so nobody can log in from here right now. Your card is fine, and trying again will not help.',
      todo: 'Contact your IT department. They find the fault under "Details for IT" and in the troubleshooting report.',
    },
  ),
  'authority-unreachable': entry(
    true,
    {
      title: 'HelseID svarer ikke',
      what: 'Programmet fikk ikke svar fra HelseID, eller HelseID er midlertidig utilgjengelig. Det er ikke noe galt med kortet ditt.',
      todo: 'Prøv igjen om litt. Virker det fortsatt ikke om noen minutter, sjekk nettverket eller kontakt IT-avdelingen.',
    },
    {
      title: 'HelseID is not responding',
      what: 'The app got no answer from HelseID, or HelseID is temporarily unavailable. Nothing is wrong with your card.',
      todo: 'Try again shortly. If it still does not work in a few minutes, check the network or contact your IT department.',
    },
  ),
  'authority-busy': entry(
    true,
    {
      title: 'HelseID ber oss vente',
      what: 'HelseID har mye å gjøre akkurat nå og ba programmet vente litt før det spør igjen.',
      todo: 'Vent et øyeblikk og prøv igjen. Tilganger du allerede har, fornyes av seg selv når HelseID tillater det.',
    },
    {
      title: 'HelseID asks us to wait',
      what: 'HelseID is busy right now and asked the application to wait a little before asking again.',
      todo: 'Wait a moment and try again. Access you already have is renewed automatically once HelseID allows it.',
    },
  ),
  'authority-error': entry(
    true,
    {
      title: 'HelseID avviste forespørselen',
      what: 'HelseID svarte med en feil.',
      todo: 'Prøv igjen. Hvis feilen gjentar seg, kontakt IT-avdelingen.',
    },
    {
      title: 'HelseID refused the request',
      what: 'HelseID answered with an error.',
      todo: 'Try again. If it keeps happening, contact your IT department.',
    },
  ),
  'clock-skew': entry(
    false,
    {
      title: 'Klokken går feil',
      what: 'Klokken på denne maskinen avviker for mye fra HelseID.',
      todo: 'Be IT-avdelingen rette klokken (tidssynkronisering), og prøv igjen.',
    },
    {
      title: 'The clock is wrong',
      what: 'This computer\u2019s clock differs too much from HelseID\u2019s.',
      todo: 'Ask IT to fix the clock (time synchronization), then try again.',
    },
  ),
  'clock-wrong': entry(
    true,
    {
      title: 'Klokken går feil',
      what: 'Klokken på denne PC-en går feil med omtrent {minutes} minutter, så HelseID avviste innloggingen.',
      todo: 'Be IT-avdelingen rette klokken (tidssynkronisering), og prøv igjen.',
    },
    {
      title: 'The clock is wrong',
      what: 'This PC\u2019s clock is wrong by about {minutes} minutes, so HelseID refused the login.',
      todo: 'Ask IT to fix the clock (time synchronization), then try again.',
    },
  ),
  'browser-open-failed': entry(
    true,
    {
      title: 'Nettleseren åpnet seg ikke',
      what: 'Innloggingssiden kunne ikke åpnes i nettleseren.',
      todo: 'Prøv igjen. Sjekk at en standard nettleser er valgt.',
    },
    {
      title: 'The browser did not open',
      what: 'The login page could not be opened in the browser.',
      todo: 'Try again. Check that a default browser is set.',
    },
  ),
  // A page the app handed the browser was asked for by two browsers: another program on the machine
  // read its address (hand-off-page.ts, 'first-browser'). Stopped; nothing went to the other program
  // that the person at the screen did not also have to complete. Worth telling IT about.
  'browser-page-taken': entry(
    true,
    {
      title: 'Et annet program åpnet siden',
      what: 'Et annet program på denne datamaskinen åpnet siden HelseID Desktop sendte til nettleseren din. For sikkerhets skyld ble det stoppet.',
      todo: 'Prøv igjen. Skjer det igjen, si fra til IT-avdelingen: et program på maskinen leser adressene som sendes til nettleseren.',
    },
    {
      title: 'Another program opened the page',
      what: 'Another program on this computer opened the page HelseID Desktop sent to your browser. It was stopped to be safe.',
      todo: 'Try again. If it happens again, tell your IT department: a program on this computer reads the addresses sent to the browser.',
    },
  ),
  'loopback-unavailable': entry(
    true,
    {
      title: 'Innlogging kunne ikke starte',
      what: 'Programmet fikk ikke åpnet en lokal port for svaret fra HelseID.',
      todo: 'Prøv igjen. Hvis feilen gjentar seg, kontakt IT-avdelingen.',
    },
    {
      title: 'Login could not start',
      what: 'The application could not open a local port for HelseID\u2019s answer.',
      todo: 'Try again. If it keeps happening, contact your IT department.',
    },
  ),
  'login-cancelled': entry(
    true,
    {
      title: 'Innlogging avbrutt',
      what: 'Innloggingen ble avbrutt.',
      todo: 'Start innloggingen på nytt når du er klar.',
    },
    { title: 'Login cancelled', what: 'The login was cancelled.', todo: 'Start the login again when you are ready.' },
  ),
  // The app cannot see the browser: HelseID may be showing an error page there (its authorization
  // request failed, or the login page had expired before it loaded). Say what we know, and what helps.
  'login-timeout': entry(
    true,
    {
      title: 'Innloggingen tok for lang tid',
      what: 'HelseIDs innloggingsside i nettleseren sendte aldri noe svar tilbake til programmet.',
      todo: 'Se i nettleseren: viser den en feilside fra HelseID, lukker du den fanen. Start så innloggingen på nytt her.',
    },
    {
      title: 'The login took too long',
      what: 'HelseID\u2019s login page in the browser never got back to the application.',
      todo: 'Look in the browser: if it shows an error page from HelseID, close that tab. Then start the login again here.',
    },
  ),
  'login-page-expired': entry(
    true,
    {
      title: 'Innloggingen tok for lang tid',
      what: 'Innloggingssiden ble ikke åpnet i nettleseren før den gikk ut på tid, så HelseID godtok den ikke lenger. Det var ikke noe galt med kortet.',
      todo: 'Lukk fanen i nettleseren, og start innloggingen på nytt her.',
    },
    {
      title: 'The login took too long',
      what: 'The login page did not open in the browser before it expired, so HelseID no longer accepted it. Nothing was wrong with the card.',
      todo: 'Close the tab in the browser and start the login again here.',
    },
  ),
  'callback-state-mismatch': entry(
    true,
    {
      title: 'Ukjent innloggingssvar',
      what: 'Svaret i nettleseren hørte ikke til denne innloggingen.',
      todo: 'Lukk fanen og start innloggingen på nytt fra programmet.',
    },
    {
      title: 'Unknown login answer',
      what: 'The answer in the browser did not belong to this login.',
      todo: 'Close the tab and start the login again from the application.',
    },
  ),
  'callback-error': entry(
    true,
    {
      title: 'Innloggingen ble avvist',
      what: 'HelseID eller identitetsleverandøren avbrøt innloggingen.',
      todo: 'Prøv igjen. Hvis feilen gjentar seg, kontakt IT-avdelingen.',
    },
    {
      title: 'The login was refused',
      what: 'HelseID or the identity provider stopped the login.',
      todo: 'Try again. If it keeps happening, contact your IT department.',
    },
  ),
  'card-authentication-failed': entry(
    true,
    {
      title: 'Kortet ble ikke godtatt',
      what: 'Signaturen fra smartkortet ble ikke godtatt.',
      todo: 'Sjekk at riktig kort står i leseren, og prøv igjen.',
    },
    {
      title: 'The card was not accepted',
      what: 'The signature from the smart card was not accepted.',
      todo: 'Check that the right card is in the reader and try again.',
    },
  ),
  'id-token-invalid': entry(
    false,
    {
      title: 'Ugyldig svar fra HelseID',
      what: 'Identitetsbeviset fra HelseID kunne ikke bekreftes.',
      todo: 'Kontakt IT-avdelingen.',
    },
    {
      title: 'Invalid answer from HelseID',
      what: 'The identity proof from HelseID could not be verified.',
      todo: 'Contact your IT department.',
    },
  ),
  // the login came back as someone other than the chosen card's holder, or without the card:
  // login-acceptance.ts says which rule (detail.rule), never whose name or number
  'login-other-person': entry(
    true,
    {
      title: 'Innloggingen gjaldt en annen person enn kortet',
      what: 'HelseID svarte med en innlogging som ikke ble gjort med kortet du valgte, eller som gjaldt en annen person. Den er avvist, og ingenting fra den er tatt vare på.',
      todo: 'Logg inn på nytt med ditt eget kort, og tast PIN-koden når du blir bedt om det. Skjer det igjen, kontakt IT-avdelingen.',
    },
    {
      title: 'The login was for someone other than the card holder',
      what: 'HelseID answered with a login that was not made with the card you chose, or that was for another person. It was refused, and nothing from it was kept.',
      todo: 'Log in again with your own card, and enter the PIN when asked. If it happens again, contact your IT department.',
    },
  ),
  'security-level-too-low': entry(
    false,
    {
      title: 'For lavt sikkerhetsnivå',
      what: 'Innloggingen hadde ikke sikkerhetsnivå 4.',
      todo: 'Logg inn med smartkort eller en annen metode på nivå 4.',
    },
    {
      title: 'Security level too low',
      what: 'The login did not reach security level 4.',
      todo: 'Log in with a smart card or another level 4 method.',
    },
  ),
  'not-logged-in': entry(
    false,
    { title: 'Ikke logget inn', what: 'Ingen er logget inn.', todo: 'Logg inn først.' },
    { title: 'Not logged in', what: 'Nobody is logged in.', todo: 'Log in first.' },
  ),
  'refresh-token-expired': entry(
    false,
    { title: 'Økten er utløpt', what: 'Innloggingen i HelseID er ikke lenger gyldig.', todo: 'Logg inn på nytt.' },
    { title: 'Session expired', what: 'The HelseID login is no longer valid.', todo: 'Log in again.' },
  ),
  'api-unknown': entry(
    false,
    { title: 'Ukjent tjeneste', what: 'Tjenesten finnes ikke i oppsettet.', todo: 'Kontakt IT-avdelingen.' },
    { title: 'Unknown service', what: 'The service is not in the configuration.', todo: 'Contact your IT department.' },
  ),
  'api-unreachable': entry(
    true,
    { title: 'Tjenesten svarer ikke', what: 'Kunne ikke nå tjenesten.', todo: 'Sjekk nettverket og prøv igjen.' },
    {
      title: 'The service is not responding',
      what: 'The service could not be reached.',
      todo: 'Check the network and try again.',
    },
  ),
  'api-refused': entry(
    true,
    {
      title: 'Tjenesten avviste tilgangen',
      what: 'Tjenesten godtok ikke tilgangsbeviset.',
      todo: 'Prøv igjen. Hvis feilen gjentar seg, logg inn på nytt.',
    },
    {
      title: 'The service refused access',
      what: 'The service did not accept the access token.',
      todo: 'Try again. If it keeps happening, log in again.',
    },
  ),
  'token-exchange-refused': entry(
    false,
    {
      title: 'Videresending ikke tillatt',
      what: 'HelseID tillot ikke at tjenesten handler på dine vegne mot neste tjeneste.',
      todo: 'Kontakt IT-avdelingen.',
    },
    {
      title: 'Delegation not allowed',
      what: 'HelseID did not allow the service to act on your behalf towards the next service.',
      todo: 'Contact your IT department.',
    },
  ),
  'unit-refused': entry(
    false,
    {
      title: 'HelseID godtok ikke enheten',
      what: 'HelseID lot deg ikke bytte til enheten {organization}. Du er fortsatt logget inn for enheten du hadde.',
      todo: 'Velg en annen enhet, eller be IT-avdelingen registrere denne enheten for programmet i HelseIDs selvbetjening.',
    },
    {
      title: 'HelseID did not accept the unit',
      what: 'HelseID did not let you switch to the unit {organization}. You are still logged in for the unit you had.',
      todo: 'Choose another unit, or ask your IT department to register this unit for the app in HelseID self-service.',
    },
  ),
  'organization-unknown': entry(
    false,
    { title: 'Ukjent enhet', what: 'Den valgte enheten finnes ikke i oppsettet.', todo: 'Velg en enhet fra listen.' },
    {
      title: 'Unknown unit',
      what: 'The chosen unit is not in the configuration.',
      todo: 'Choose a unit from the list.',
    },
  ),
};
