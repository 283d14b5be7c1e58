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
      todo: 'Rett feltet i filen slik det står over, og start programmet på nytt.',
    },
    {
      title: 'Configuration error',
      what: 'In {file} the field {field} is wrong: {problem}.',
      todo: 'Correct the field in the file as said above, and restart the app.',
    },
  ),
  'config-json-invalid': entry(
    false,
    {
      title: 'Feil i oppsettet',
      what: '{file} er ikke gyldig JSON: feilen står på linje {line}, kolonne {column}.',
      todo: 'Rett skrivefeilen der (ofte et komma for mye eller for lite, eller et anførselstegn som mangler), og start programmet på nytt.',
    },
    {
      title: 'Configuration error',
      what: '{file} is not valid JSON: the mistake is on line {line}, column {column}.',
      todo: 'Correct the typing mistake there (often a comma too many or too few, or a missing quotation mark), and restart the app.',
    },
  ),
  'config-file-invalid': entry(
    false,
    {
      title: 'Feil i oppsettet',
      what: 'Oppsettsfilen {file} kan ikke brukes: {problem}.',
      todo: 'Legg en lesbar oppsettsfil på denne stien, og start programmet på nytt.',
    },
    {
      title: 'Configuration error',
      what: 'The configuration file {file} cannot be used: {problem}.',
      todo: 'Put a readable configuration file at this path, and restart the app.',
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
      what: 'Andre brukere på maskinen kan lese eller endre nøkkelfilen {file} (rettigheter {mode}).',
      todo: 'Begrens tilgangen: {fix} (Windows: bare SYSTEM, administratorer og programmets konto).',
    },
    {
      title: 'Client key readable by others',
      what: 'Other users on this machine can read or change the key file {file} (mode {mode}).',
      todo: "Restrict access: {fix} (Windows: only SYSTEM, administrators and the app's account).",
    },
  ),
  'client-key-folder-exposed': entry(
    false,
    {
      title: 'Nøkkelmappen er ikke beskyttet',
      what: 'Andre brukere på maskinen kan legge filer i mappen {file}, der HelseID-nøkkelen ligger (rettigheter {mode}), og dermed bytte ut nøkkelen. Programmet bruker ikke nøkkelen.',
      todo: 'Begrens tilgangen: {fix}.',
    },
    {
      title: 'The key folder is not protected',
      what: 'Other users of this computer can put files into the folder {file} that holds the HelseID key (mode {mode}), and so replace the key. The app will not use the key.',
      todo: 'Restrict access: {fix}.',
    },
  ),
  'client-key-symlink': entry(
    false,
    {
      title: 'Klientnøkkelen er en lenke',
      what: '{file} er en symbolsk lenke, ikke selve nøkkelfilen. En lenke kan peke på en fil som andre brukere styrer, så programmet følger den ikke.',
      todo: 'Legg selve nøkkelfilen der lenken står: {fix}',
    },
    {
      title: 'Client key is a link',
      what: '{file} is a symbolic link, not the key file itself. A link can point at a file other users control, so the app does not follow it.',
      todo: 'Put the key file itself where the link is: {fix}',
    },
  ),
  'client-key-not-a-file': entry(
    false,
    {
      title: 'Klientnøkkelen er ikke en fil',
      what: 'På stien {file} ligger det ikke en nøkkelfil ({problem}).',
      todo: 'Legg nøkkelfilen på plass, eller rett client.private_jwk_path i oppsettet.',
    },
    {
      title: 'Client key is not a file',
      what: 'At {file} there is no key file ({problem}).',
      todo: 'Put the key file in place, or correct client.private_jwk_path in the configuration.',
    },
  ),
  'client-key-wrong-owner': entry(
    false,
    {
      title: 'Klientnøkkelen eies av en annen bruker',
      what: 'Nøkkelfilen {file} eies av en annen brukerkonto (uid {owner}), som kan lese den og bytte den ut.',
      todo: 'Gi filen til kontoen som kjører programmet: {fix}',
    },
    {
      title: 'Client key owned by another account',
      what: 'The key file {file} belongs to another account (uid {owner}), which can read and replace it.',
      todo: 'Give the file to the account that runs the app: {fix}',
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
  'authority-issuer-mismatch': entry(
    false,
    {
      title: 'HelseID har en annen adresse enn oppsettet',
      what: 'Oppsettet sier at HelseID er {configured}, men HelseID kaller seg selv {discovered}. Adressene må være helt like, så ingen innlogging vil virke.',
      todo: 'Skriv authority.issuer nøyaktig slik HelseID skriver den: {discovered}.',
    },
    {
      title: 'HelseID has another address than the configuration',
      what: 'The configuration says HelseID is {configured}, but HelseID calls itself {discovered}. They must be exactly equal, so no login will work.',
      todo: 'Write authority.issuer exactly as HelseID writes it: {discovered}.',
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
      what: 'Kortet til {holder} har en utsteder som HelseID ikke godtar.',
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
