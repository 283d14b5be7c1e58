// Text of the "Sett opp denne arbeidsstasjonen" screen, in bokmål (the default) and English, like
// i18n.ts. Written for a clinic's IT and the person who confirms: what happens, where, and who must
// act. Error texts come from the error table (src/shared/errors/provisioning-errors.ts).
import type { Language } from '../shared/ipc/settings-schema.ts';
import type { WorkstationSetupStep } from '../shared/ipc/view-schemas.ts';

const nb = {
  title: 'Sett opp denne arbeidsstasjonen',
  intro: 'Før noen kan logge inn her, må denne PC-en bli sin egen klient hos HelseID. Slik går det for seg:',
  what: [
    'Programmet lager et nøkkelpar på denne PC-en. Den private nøkkelen forlater aldri maskinen.',
    'Selvbetjening for HelseID får en kladd til en ny klient for virksomheten, med den offentlige nøkkelen.',
    'Nettleseren åpner seg. Der må en person med riktig rolle i Altinn for virksomheten logge inn og bekrefte klienten.',
    'Programmet venter til HelseID kjenner den nye klienten, og viser hvilke tjenester som er klare.',
  ],
  start: 'Start oppsettet',
  running: 'Setter opp arbeidsstasjonen …',
  cancel: 'Avbryt',
  cancelling: 'Avbryter …',
  cancelled: 'Oppsettet ble avbrutt. Ingenting er tatt i bruk, og du kan starte på nytt.',
  draftRecorded:
    'En klientkladd ({client}) ble laget i Selvbetjening, men ikke bekreftet. Den er notert i feilsøkingsrapporten, og IT kan slette den i Selvbetjening.',
  retry: 'Prøv igjen',
  stepOf: 'Steg {n} av {total}',
  done: 'Arbeidsstasjonen er satt opp',
  doneIntro: 'Denne PC-en er nå klient {client} hos HelseID.',
  ready: 'Klar til bruk',
  pending: 'Venter på godkjenning fra den som eier tjenesten',
  pendingHelp:
    'Tjenester som venter, kan ikke brukes ennå. Eieren av tjenesten må godkjenne tilgangen i Selvbetjening; programmet trenger ikke settes opp på nytt når det er gjort.',
  allReady: 'Alle tjenestene er klare.',
  services: 'Tjenester',
  selvbetjening: 'Selvbetjening for HelseID (maskinens egen klient, for nøkkelfornyelse)',
  continue: 'Fortsett',
  whatToDo: 'Hva du kan gjøre',
  detailsForIt: 'Detaljer for IT',
  errorCode: 'Feilkode',
  // the error's detail fields under "Detaljer for IT", named in the window's language (the value stays as sent)
  detailLabels: {
    client_id: 'Klient-ID',
    status: 'Svar',
    operation: 'Operasjon',
    step: 'Steg',
    description: 'Selvbetjening sier',
    title: 'Tittel',
    problem_type: 'Type',
    fields: 'Felt',
    problem: 'Problem',
    error: 'Feilkode fra tjenesten',
    last: 'Siste svar',
    file: 'Fil',
    finding: 'Funn',
  } as Readonly<Record<string, string>>,
  steps: {
    'generating-key': 'Lager nøkkelpar på denne PC-en',
    'creating-draft': 'Lager klientkladd i Selvbetjening for HelseID',
    'waiting-for-confirmation': 'Bekreft klienten i nettleseren som åpnet seg (krever rolle i Altinn for virksomheten)',
    'waiting-for-helseid': 'Venter på at HelseID skal kjenne den nye klienten',
    'checking-access': 'Sjekker hvilke tjenester klienten har tilgang til',
    done: 'Ferdig',
  } satisfies Record<WorkstationSetupStep, string>,
};

export type SetupText = typeof nb;

const en: SetupText = {
  title: 'Set up this workstation',
  intro: 'Before anyone can log in here, this PC must become its own HelseID client. This is what happens:',
  what: [
    'The app makes a key pair on this PC. The private key never leaves the machine.',
    'Selvbetjening for HelseID gets a draft of a new client for the organization, with the public key.',
    'The browser opens. A person with the right Altinn role for the organization logs in there and confirms the client.',
    'The app waits until HelseID knows the new client, and shows which services are ready.',
  ],
  start: 'Start the set-up',
  running: 'Setting up the workstation …',
  cancel: 'Cancel',
  cancelling: 'Cancelling …',
  cancelled: 'The set-up was cancelled. Nothing was put to use, and you can start again.',
  draftRecorded:
    'A client draft ({client}) was made in Selvbetjening but not confirmed. It is listed in the troubleshooting report, and IT can delete it in Selvbetjening.',
  retry: 'Try again',
  stepOf: 'Step {n} of {total}',
  done: 'The workstation is set up',
  doneIntro: 'This PC is now HelseID client {client}.',
  ready: 'Ready to use',
  pending: 'Waiting for approval by the service\u2019s owner',
  pendingHelp:
    'Services that are waiting cannot be used yet. The service\u2019s owner must approve the access in Selvbetjening; the app need not be set up again once they have.',
  allReady: 'All services are ready.',
  services: 'Services',
  selvbetjening: 'Selvbetjening for HelseID (the workstation\u2019s own client, for key renewal)',
  continue: 'Continue',
  whatToDo: 'What to do',
  detailsForIt: 'Details for IT',
  errorCode: 'Error code',
  detailLabels: {
    client_id: 'Client ID',
    status: 'Answer',
    operation: 'Operation',
    step: 'Step',
    description: 'Selvbetjening says',
    title: 'Title',
    problem_type: 'Type',
    fields: 'Fields',
    problem: 'Problem',
    error: 'Error code from the service',
    last: 'Last answer',
    file: 'File',
    finding: 'Finding',
  },
  steps: {
    'generating-key': 'Making a key pair on this PC',
    'creating-draft': 'Making a client draft in Selvbetjening for HelseID',
    'waiting-for-confirmation':
      'Confirm the client in the browser that opened (needs an Altinn role for the organization)',
    'waiting-for-helseid': 'Waiting until HelseID knows the new client',
    'checking-access': 'Checking which services the client may use',
    done: 'Done',
  },
};

export const SETUP_TEXT: Record<Language, SetupText> = { nb, en };
