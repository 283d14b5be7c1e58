// Error codes of the workstation's own HelseID client: setting it up through Selvbetjening, the key
// store, key renewal. Most are read by clinic IT (in the set-up screen, `doctor`, the CLI), so they
// name the file, the client or the step; placeholders take non-secret details only.
import type { ErrorTextEntry } from './error-entry.ts';
import { entry } from './error-entry.ts';

export const PROVISIONING_ERROR_TEXTS = {
  // a key file or folder others can read or change is a finding of setup-errors.ts (client-key-invalid to the person)
  'client-key-expired': entry(
    false,
    {
      title: 'Nøkkelen er utløpt',
      what: 'Nøkkelen til HelseID-klienten {client_id} på denne maskinen utløp {expired_at}, så HelseID avviser den.',
      todo: 'IT må sette opp maskinen på nytt: kjør «helseid-desktop setup» (eller «Sett opp maskinen» i programmet).',
    },
    {
      title: 'The key has expired',
      what: 'The key of this workstation\u2019s HelseID client {client_id} expired {expired_at}, so HelseID refuses it.',
      todo: 'IT must set the workstation up again: run "helseid-desktop setup" (or "Set up this workstation" in the app).',
    },
  ),
  'key-store-unavailable': entry(
    false,
    {
      title: 'Nøkkellageret er utilgjengelig',
      what: 'Operativsystemets beskyttelse av nøkkelen ({protection}) kan ikke brukes: {problem}.',
      todo: 'Kontakt IT-avdelingen. Detaljene står i feilsøkingsrapporten.',
    },
    {
      title: 'The key store is unavailable',
      what: 'The operating system\u2019s key protection ({protection}) cannot be used: {problem}.',
      todo: 'Contact your IT department. The troubleshooting report has the details.',
    },
  ),
  'key-store-app-only': entry(
    false,
    {
      title: 'Nøkkelen kan bare åpnes av programmet',
      what: 'Nøkkelen til maskinens HelseID-klient ligger i {file}, kryptert av operativsystemet for brukerkontoen som kjører HelseID Desktop (Windows DPAPI, nøkkelringen i macOS eller Secret Service/KWallet i Linux). Kommandolinjen kan ikke åpne den.',
      todo: 'Åpne HelseID Desktop som den brukeren: programmet fornyer nøkkelen selv ved oppstart og hver dag, og «Feilsøking» viser nøkkelens status (kid, utløp, siste fornyelse). Skal nøkkelen styres fra kommandolinjen, sett provisioning.key_store.protection til «file» og sett opp maskinen på nytt.',
    },
    {
      title: 'Only the app can open the key',
      what: 'The key of this workstation\u2019s HelseID client is in {file}, encrypted by the operating system for the account that runs HelseID Desktop (Windows DPAPI, the macOS Keychain, or Secret Service/KWallet on Linux). The command line cannot open it.',
      todo: 'Open HelseID Desktop as that user: the app renews the key by itself at start-up and daily, and "Troubleshooting" shows the key\u2019s status (kid, expiry, last renewal). To manage the key from the command line, set provisioning.key_store.protection to "file" and set the workstation up again.',
    },
  ),
  'key-store-app-only-empty': entry(
    false,
    {
      title: 'Maskinen settes opp fra programmet',
      what: 'Maskinen er ikke satt opp ennå, og nøkkelen skal krypteres av operativsystemet for brukerkontoen som kjører HelseID Desktop (i {file}, som ikke finnes ennå). Det kan bare programmet gjøre, ikke kommandolinjen.',
      todo: 'Åpne HelseID Desktop som den brukeren og velg «Sett opp denne arbeidsstasjonen». Skal IT sette opp maskinen fra kommandolinjen, sett provisioning.key_store.protection til «file».',
    },
    {
      title: 'Set this workstation up from the app',
      what: 'This workstation is not set up yet, and its key is to be encrypted by the operating system for the account that runs HelseID Desktop (in {file}, which does not exist yet). Only the app can do that, not the command line.',
      todo: 'Open HelseID Desktop as that user and choose "Set up this workstation". For IT to set it up from the command line, set provisioning.key_store.protection to "file".',
    },
  ),
  'key-store-corrupt': entry(
    false,
    {
      title: 'Nøkkellageret kan ikke leses',
      what: 'Filen {file} med maskinens HelseID-nøkkel kan ikke leses ({problem}).',
      todo: 'IT kan flytte filen bort og sette opp maskinen på nytt («helseid-desktop setup»).',
    },
    {
      title: 'The key store cannot be read',
      what: 'The file {file} with this workstation\u2019s HelseID key cannot be read ({problem}).',
      todo: 'IT can move the file away and set the workstation up again ("helseid-desktop setup").',
    },
  ),
  'workstation-not-set-up': entry(
    false,
    {
      title: 'Maskinen er ikke satt opp',
      what: 'Denne maskinen har ennå ingen HelseID-klient.',
      todo: 'IT setter den opp med «helseid-desktop setup» (den som bekrefter må ha en rolle i Altinn for virksomheten).',
    },
    {
      title: 'This workstation is not set up',
      what: 'This workstation has no HelseID client yet.',
      todo: 'IT sets it up with "helseid-desktop setup" (the person confirming needs an Altinn role for the organization).',
    },
  ),
  'setup-in-progress': entry(
    true,
    {
      title: 'Oppsett pågår',
      what: 'Maskinen er allerede i ferd med å bli satt opp.',
      todo: 'Fullfør eller avbryt oppsettet som pågår.',
    },
    {
      title: 'Set-up in progress',
      what: 'The workstation is already being set up.',
      todo: 'Finish or cancel the set-up under way.',
    },
  ),
  'setup-not-needed': entry(
    false,
    {
      title: 'Maskinen er allerede satt opp',
      what: 'Denne maskinen har allerede en HelseID-klient.',
      todo: 'IT kan sette den opp på nytt med «helseid-desktop setup --replace».',
    },
    {
      title: 'This workstation is already set up',
      what: 'This workstation already has a HelseID client.',
      todo: 'IT can set it up again with "helseid-desktop setup --replace".',
    },
  ),
  'setup-api-key-missing': entry(
    false,
    {
      title: 'API-nøkkelen mangler',
      what: 'API-nøkkelen for Selvbetjening kunne ikke leses fra {file}.',
      todo: 'Be IT-avdelingen legge API-nøkkelen fra leverandøren der oppsettet peker (provisioning.api_key_path).',
    },
    {
      title: 'The API key is missing',
      what: 'The Selvbetjening API key could not be read from {file}.',
      todo: 'Ask IT to put the vendor\u2019s API key where the configuration points (provisioning.api_key_path).',
    },
  ),
  'setup-api-key-rejected': entry(
    false,
    {
      title: 'API-nøkkelen ble avvist',
      what: 'Selvbetjening for HelseID godtok ikke API-nøkkelen til klientsystemet (HTTP {status}).',
      todo: 'Be leverandøren om en gyldig API-nøkkel (Selvbetjening, fanen «Automatisering»), og prøv igjen.',
    },
    {
      title: 'The API key was refused',
      what: 'Selvbetjening for HelseID did not accept the client system\u2019s API key (HTTP {status}).',
      todo: 'Ask the vendor for a valid API key (Selvbetjening, the "Automation" tab), then try again.',
    },
  ),
  'setup-refused': entry(
    false,
    {
      title: 'Oppsettet ble ikke godkjent',
      what: 'Selvbetjening godtok ikke bekreftelsen av klienten {client_id} (svar: {status}). Det skjer når den som bekrefter ikke har en rolle i Altinn for virksomheten.',
      todo: 'Den som bekrefter må ha en rolle i Altinn for virksomheten (for eksempel daglig leder, eller en rolle delegert i Altinn). Start oppsettet på nytt når den er på plass.',
    },
    {
      title: 'The set-up was not approved',
      what: 'Selvbetjening did not accept the confirmation of the client {client_id} (answer: {status}). That happens when the person confirming has no Altinn role for the organization.',
      todo: 'The person confirming needs an Altinn role for the organization (for example general manager, or a role delegated in Altinn). Start the set-up again once they have it.',
    },
  ),
  'setup-declined': entry(
    true,
    {
      title: 'Oppsettet ble avvist',
      what: 'Den som skulle bekrefte klienten {client_id} i Selvbetjening, trykket «Avvis».',
      todo: 'Var det en feil, start oppsettet på nytt og trykk «Bekreft» i Selvbetjening.',
    },
    {
      title: 'The set-up was declined',
      what: 'The person asked to confirm the client {client_id} in Selvbetjening pressed "Refuse".',
      todo: 'If that was a mistake, start the set-up again and press "Confirm" in Selvbetjening.',
    },
  ),
  'setup-cancelled': entry(
    true,
    {
      title: 'Oppsettet ble avbrutt',
      what: 'Oppsettet av maskinen ble avbrutt.',
      todo: 'Start oppsettet på nytt når du er klar.',
    },
    {
      title: 'Set-up cancelled',
      what: 'The set-up of this workstation was cancelled.',
      todo: 'Start the set-up again when you are ready.',
    },
  ),
  'setup-timeout': entry(
    true,
    {
      title: 'Oppsettet tok for lang tid',
      what: 'Det kom ikke svar i tide ({step}).',
      todo: 'Start oppsettet på nytt. Hvis HelseID ikke kjenner klienten etter flere minutter, kontakt NHN.',
    },
    {
      title: 'The set-up took too long',
      what: 'No answer came in time ({step}).',
      todo: 'Start the set-up again. If HelseID still does not know the client after several minutes, contact NHN.',
    },
  ),
  'selvbetjening-unreachable': entry(
    true,
    {
      title: 'Selvbetjening svarer ikke',
      what: 'Kunne ikke nå Selvbetjening for HelseID.',
      todo: 'Sjekk nettverket og prøv igjen om litt.',
    },
    {
      title: 'Selvbetjening is not responding',
      what: 'Selvbetjening for HelseID could not be reached.',
      todo: 'Check the network and try again shortly.',
    },
  ),
  'selvbetjening-refused': entry(
    false,
    {
      title: 'Selvbetjening sa nei',
      what: 'Selvbetjening for HelseID godtok ikke forespørselen (HTTP {status}) og oppga hvilken regel den brøt. Å prøve det samme igjen hjelper ikke.',
      todo: 'Send feilsøkingsrapporten til IT-avdelingen; regelen og feltene Selvbetjening nevnte står under «Detaljer for IT».',
    },
    {
      title: 'Selvbetjening said no',
      what: 'Selvbetjening for HelseID did not accept the request (HTTP {status}) and named the rule it broke. Trying the same again will not help.',
      todo: 'Send the troubleshooting report to your IT department; the rule and the fields Selvbetjening named are under "Details for IT".',
    },
  ),
  'selvbetjening-error': entry(
    true,
    {
      title: 'Selvbetjening avviste forespørselen',
      what: 'Selvbetjening for HelseID svarte med en feil (HTTP {status}).',
      todo: 'Prøv igjen. Hvis feilen gjentar seg, send feilsøkingsrapporten til IT-avdelingen.',
    },
    {
      title: 'Selvbetjening refused the request',
      what: 'Selvbetjening for HelseID answered with an error (HTTP {status}).',
      todo: 'Try again. If it keeps happening, send the troubleshooting report to your IT department.',
    },
  ),
  'key-renewal-failed': entry(
    true,
    {
      title: 'Fornyelse av nøkkelen feilet',
      what: 'Nøkkelen til maskinens HelseID-klient kunne ikke fornyes ({step}). Den gamle nøkkelen virker fortsatt.',
      todo: 'Programmet prøver igjen av seg selv. Hvis feilen varer, kjør «helseid-desktop key renew» og se feilsøkingsrapporten.',
    },
    {
      title: 'Key renewal failed',
      what: 'The key of this workstation\u2019s HelseID client could not be renewed ({step}). The old key still works.',
      todo: 'The app tries again by itself. If it keeps failing, run "helseid-desktop key renew" and see the troubleshooting report.',
    },
  ),
} as const satisfies Record<string, ErrorTextEntry>;

export type ProvisioningErrorCode = keyof typeof PROVISIONING_ERROR_TEXTS;
