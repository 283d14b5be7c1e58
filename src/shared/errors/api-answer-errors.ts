// What a clinician reads when a service (API) answers with an HTTP error: by status, in plain words,
// with what to do. The answer's body and the status code itself go to "Detaljer for IT".
import type { ErrorTextEntry } from './error-entry.ts';
import { entry } from './error-entry.ts';

export const API_ANSWER_TEXTS = {
  'api-answer-unauthorized': entry(
    true,
    {
      title: 'Tjenesten godtok ikke innloggingen',
      what: 'Tjenesten godtok ikke tilgangen programmet viste fram.',
      todo: 'Logg ut og inn igjen. Hjelper ikke det, kontakt IT-avdelingen.',
    },
    {
      title: 'The service did not accept the login',
      what: 'The service did not accept the access the app presented.',
      todo: 'Log out and in again. If that does not help, contact your IT department.',
    },
  ),
  'api-answer-forbidden': entry(
    false,
    {
      title: 'Ingen tilgang',
      what: 'Du har ikke tilgang til denne tjenesten.',
      todo: 'Kontakt IT-avdelingen hvis du skal ha tilgang.',
    },
    {
      title: 'No access',
      what: 'You do not have access to this service.',
      todo: 'Contact your IT department if you should have access.',
    },
  ),
  'api-answer-not-found': entry(
    false,
    {
      title: 'Fant ikke det du spurte etter',
      what: 'Tjenesten fant ikke det programmet spurte etter.',
      todo: 'Kontakt IT-avdelingen; adressen til tjenesten kan være feil i oppsettet.',
    },
    {
      title: 'Not found',
      what: 'The service did not find what the app asked for.',
      todo: 'Contact your IT department; the service address may be wrong in the configuration.',
    },
  ),
  'api-answer-busy': entry(
    true,
    {
      title: 'Tjenesten har mye å gjøre',
      what: 'Tjenesten tar ikke imot flere forespørsler akkurat nå.',
      todo: 'Vent litt og prøv igjen.',
    },
    {
      title: 'The service is busy',
      what: 'The service is not taking more requests right now.',
      todo: 'Wait a moment and try again.',
    },
  ),
  'api-answer-unavailable': entry(
    true,
    {
      title: 'Tjenesten svarer ikke',
      what: 'Tjenesten har en feil eller er nede for vedlikehold.',
      todo: 'Prøv igjen om litt. Varer det, kontakt IT-avdelingen.',
    },
    {
      title: 'The service is not responding',
      what: 'The service has a fault or is down for maintenance.',
      todo: 'Try again shortly. If it lasts, contact your IT department.',
    },
  ),
  'api-answer-error': entry(
    false,
    {
      title: 'Tjenesten svarte med en feil',
      what: 'Tjenesten kunne ikke svare på forespørselen.',
      todo: 'Prøv igjen. Varer det, kontakt IT-avdelingen.',
    },
    {
      title: 'The service answered with an error',
      what: 'The service could not answer the request.',
      todo: 'Try again. If it lasts, contact your IT department.',
    },
  ),
} as const satisfies Record<string, ErrorTextEntry>;
