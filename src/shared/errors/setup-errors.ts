// What the troubleshooting report (`doctor`, the app's Feilsøking page) finds about the machine's
// set-up, and what to do about each — and the card reasons the card list shows on the card itself.
// `{file}`, `{holder}`, `{issuer}`, `{date}` come from the finding's non-secret detail.
import type { ErrorTextEntry } from './error-entry.ts';
import { entry } from './error-entry.ts';

export const SETUP_ERROR_TEXTS = {
  'config-field-invalid': entry(
    false,
    {
      title: 'Feil i oppsettet',
      what: 'I {file} er feltet {field} feil: {problem}.',
      todo: 'Rett feltet i filen og start programmet på nytt. Skjemaet med en forklaring per felt står i src/main/config/config-schema.ts.',
    },
    {
      title: 'Configuration error',
      what: 'In {file} the field {field} is wrong: {problem}.',
      todo: 'Correct the field in the file and restart the app. The schema, with a comment per field, is src/main/config/config-schema.ts.',
    },
  ),
  'client-key-missing': entry(
    false,
    {
      title: 'Klientnøkkelen mangler',
      what: 'Nøkkelfilen {file} finnes ikke. Uten den kan ingen logge inn.',
      todo: 'Legg nøkkelfilen på plass, eller rett client.private_jwk_path i oppsettet.',
    },
    {
      title: 'Client key missing',
      what: 'The key file {file} does not exist. Without it nobody can log in.',
      todo: 'Put the key file in place, or correct client.private_jwk_path in the configuration.',
    },
  ),
  'client-key-unreadable': entry(
    false,
    {
      title: 'Klientnøkkelen kan ikke leses',
      what: 'Programmet får ikke lese nøkkelfilen {file}.',
      todo: 'Gi brukeren som kjører programmet lesetilgang til filen (og ingen andre).',
    },
    {
      title: 'Client key unreadable',
      what: 'The app may not read the key file {file}.',
      todo: 'Give the account that runs the app read access to the file (and nobody else).',
    },
  ),
  'client-key-unparseable': entry(
    false,
    {
      title: 'Klientnøkkelen er ødelagt',
      what: 'Nøkkelfilen {file} er ikke en gyldig JWK.',
      todo: 'Legg inn nøkkelfilen på nytt fra HelseIDs selvbetjening.',
    },
    {
      title: 'Client key damaged',
      what: 'The key file {file} is not a valid JWK.',
      todo: 'Install the key file again from HelseID self-service.',
    },
  ),
  'client-key-not-private': entry(
    false,
    {
      title: 'Klientnøkkelen er bare den offentlige delen',
      what: 'Nøkkelfilen {file} mangler den private delen og kan ikke signere.',
      todo: 'Legg inn den private nøkkelen (JWK med "d"), ikke den offentlige.',
    },
    {
      title: 'Client key is only the public part',
      what: 'The key file {file} has no private part and cannot sign.',
      todo: 'Install the private key (a JWK with "d"), not the public one.',
    },
  ),
  'client-key-exposed': entry(
    false,
    {
      title: 'Klientnøkkelen kan leses av andre',
      what: 'Andre brukere på maskinen kan lese nøkkelfilen {file} (rettigheter {mode}).',
      todo: 'Begrens tilgangen: chmod 600 {file} (Windows: bare SYSTEM, administratorer og programmets konto).',
    },
    {
      title: 'Client key readable by others',
      what: 'Other users on this machine can read the key file {file} (mode {mode}).',
      todo: "Restrict access: chmod 600 {file} (Windows: only SYSTEM, administrators and the app's account).",
    },
  ),
  'client-refused': entry(
    false,
    {
      title: 'HelseID avviser klienten',
      what: 'HelseID svarer, men godtar ikke denne klienten ({client}).',
      todo: 'Kontroller client_id og at nøkkelen er registrert på klienten i HelseIDs selvbetjening.',
    },
    {
      title: 'HelseID refuses the client',
      what: 'HelseID answers, but does not accept this client ({client}).',
      todo: 'Check client_id and that the key is registered for the client in HelseID self-service.',
    },
  ),
  'authority-tls': entry(
    true,
    {
      title: 'Sikker forbindelse til HelseID feilet',
      what: 'Maskinen godtok ikke sertifikatet på forbindelsen til HelseID.',
      todo: 'Sjekk proxy og brannmur (de kan bryte opp forbindelsen) og at maskinens klokke er riktig.',
    },
    {
      title: 'Secure connection to HelseID failed',
      what: 'This machine did not accept the certificate of the connection to HelseID.',
      todo: 'Check the proxy and firewall (they may intercept the connection) and that the machine clock is right.',
    },
  ),
  'clock-refused': entry(
    false,
    {
      title: 'HelseID avviser maskinens klokke',
      what: 'HelseID avviste klienten fordi tidspunktet var feil.',
      todo: 'Still klokken på maskinen (automatisk tid), og prøv igjen.',
    },
    {
      title: 'HelseID refuses the machine clock',
      what: 'HelseID refused the client because the time was wrong.',
      todo: 'Set the machine clock (automatic time) and try again.',
    },
  ),
  'card-expired-on': entry(
    false,
    { title: 'Kortet er utløpt', what: 'Kortet til {holder} gikk ut {date}.', todo: 'Bestill nytt kort fra {issuer}.' },
    { title: 'Card expired', what: 'The card of {holder} expired on {date}.', todo: 'Order a new card from {issuer}.' },
  ),
  'card-valid-from': entry(
    false,
    {
      title: 'Kortet er ikke gyldig ennå',
      what: 'Kortet til {holder} gjelder først fra {date}.',
      todo: 'Sjekk at klokken på maskinen er riktig, eller vent til kortet blir gyldig.',
    },
    {
      title: 'Card not yet valid',
      what: 'The card of {holder} is valid only from {date}.',
      todo: 'Check that the machine clock is right, or wait until the card becomes valid.',
    },
  ),
  'card-issuer-unknown': entry(
    false,
    {
      title: 'Kortet er ikke fra Buypass eller Commfides',
      what: 'Kortet til {holder} har en utsteder HelseID ikke godtar.',
      todo: 'Bruk et Buypass- eller Commfides-kort.',
    },
    {
      title: 'Card not from Buypass or Commfides',
      what: 'The card of {holder} has an issuer HelseID does not accept.',
      todo: 'Use a Buypass or Commfides card.',
    },
  ),
  'card-no-login-certificate': entry(
    false,
    {
      title: 'Kortet har ikke innloggingssertifikat',
      what: 'Kortet til {holder} har ikke noe sertifikat for innlogging.',
      todo: 'Bruk et Buypass- eller Commfides-kort for innlogging, eller kontakt {issuer}.',
    },
    {
      title: 'Card has no login certificate',
      what: 'The card of {holder} has no certificate for logging in.',
      todo: 'Use a Buypass or Commfides login card, or contact {issuer}.',
    },
  ),
} as const satisfies Record<string, ErrorTextEntry>;

export type SetupErrorCode = keyof typeof SETUP_ERROR_TEXTS;
