// The words `setup` prints (the key's words: src/main/diagnostics/key-status-text.ts), in bokmål and English. Values (client ids, kids, paths) stay as
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
