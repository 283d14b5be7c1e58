// The words `setup` and `key` print, in bokmål and English. Values (client ids, kids, paths) stay as
// they are so IT can search for them; dates are local dd.mm.yyyy hh:mm (src/shared/format-date.ts).
import type { Language } from '../../shared/errors/error-texts.ts';
import type { SetupStep } from '../provisioning/setup-flow.ts';

export const SETUP_STEP_TEXT: Readonly<Record<Language, Record<SetupStep, string>>> = {
  nb: {
    'generating-key': 'Lager nøkkelpar på denne maskinen …',
    'creating-draft': 'Oppretter klientkladd i Selvbetjening for HelseID …',
    'waiting-for-confirmation': 'Bekreft klienten i nettleseren (krever rolle i Altinn for virksomheten) …',
    'waiting-for-helseid': 'Venter på at HelseID skal kjenne den nye klienten …',
    'checking-access': 'Sjekker hvilke tjenester klienten har tilgang til …',
    done: 'Ferdig.',
  },
  en: {
    'generating-key': 'Generating a key pair on this machine …',
    'creating-draft': 'Creating a client draft in Selvbetjening for HelseID …',
    'waiting-for-confirmation': 'Confirm the client in the browser (needs an Altinn role for the organization) …',
    'waiting-for-helseid': 'Waiting until HelseID knows the new client …',
    'checking-access': 'Checking which services the client may use …',
    done: 'Done.',
  },
};

export const KEY_LABELS = {
  nb: {
    client: 'Klient', state: 'Tilstand', store: 'Nøkkellager', protection: 'beskyttelse', scope: 'omfang', kid: 'Nøkkel (kid)',
    created: 'Laget', age: 'alder', expires: 'Utløper', unknown: 'ukjent', dueAt: 'Fornyes fra', renewed: 'Sist fornyet', never: 'aldri',
    lastError: 'Siste feil ved fornyelse', nextKey: 'Ny nøkkel under fornyelse', abandoned: 'Forlatte klientkladder (kan slettes i Selvbetjening)',
    none: '(ingen)', notSetUp: 'Maskinen er ikke satt opp ennå: kjør «helseid-desktop setup».', days: 'd', ready: 'klar', pending: 'venter på godkjenning fra tjenesteeier',
    apis: 'Tjenester', setupDone: 'Maskinen er satt opp som HelseID-klient', setupExisting: 'Maskinen var allerede satt opp som HelseID-klient',
    renewedNow: 'Nøkkelen er fornyet', notDue: 'Nøkkelen trenger ikke fornyes ennå', from: 'fra', to: 'til',
    keyExpires: 'Nøkkelen utløper', expired: 'UTLØPT: kjør «helseid-desktop setup --replace»', failures: 'mislykkede forsøk',
    clientState: { draft: 'kladd, ikke bekreftet', confirmed: 'bekreftet, venter på HelseID', ready: 'i bruk' },
    protectionName: { file: 'fil som bare eieren kan lese', dpapi: 'Windows DPAPI', keychain: 'macOS-nøkkelring' },
    scopeName: { account: 'per brukerkonto', installation: 'felles for maskinen' },
  },
  en: {
    client: 'Client', state: 'State', store: 'Key store', protection: 'protection', scope: 'scope', kid: 'Key (kid)',
    created: 'Created', age: 'age', expires: 'Expires', unknown: 'unknown', dueAt: 'Renewed from', renewed: 'Last renewed', never: 'never',
    lastError: 'Last renewal error', nextKey: 'New key being renewed', abandoned: 'Abandoned client drafts (can be deleted in Selvbetjening)',
    none: '(none)', notSetUp: 'This workstation is not set up yet: run "helseid-desktop setup".', days: 'd', ready: 'ready', pending: 'waiting for the API owner\u2019s approval',
    apis: 'Services', setupDone: 'This workstation is set up as a HelseID client', setupExisting: 'This workstation was already set up as a HelseID client',
    renewedNow: 'The key was renewed', notDue: 'The key does not need renewing yet', from: 'from', to: 'to',
    keyExpires: 'The key expires', expired: 'EXPIRED: run "helseid-desktop setup --replace"', failures: 'failed attempts',
    clientState: { draft: 'draft, not confirmed', confirmed: 'confirmed, waiting for HelseID', ready: 'in use' },
    protectionName: { file: 'file only the owner can read', dpapi: 'Windows DPAPI', keychain: 'macOS keychain' },
    scopeName: { account: 'per user account', installation: 'shared by the machine' },
  },
} as const;

/** A word from one of the tables above, or the value itself (a key store this table does not know). */
export const named = (table: Readonly<Record<string, string>>, value: string): string => table[value] ?? value;
