// What the configuration check says is expected ("expected a non-empty string"), in the report's
// language. The schema (src/main/config/config-schema.ts, provisioning-schema.ts) words its rules in
// English next to the code; every one of them is said in bokmål here, so a Norwegian report, start-up
// error screen or CLI message does not switch language in mid-sentence. JSON shapes, field names and
// values (`{"kind": …}`, `"logout"`, `api_url`) stay as written in the file: IT searches for them.
// test/unit/config/config-rule-texts.test.ts walks every rule of the schema and fails when one has
// no bokmål words here, so a new rule cannot reach a Norwegian screen in English.
import type { Language } from './errors/error-texts.ts';

const NB: Readonly<Record<string, string>> = {
  'unknown field (check the spelling)': 'ukjent felt (sjekk stavemåten)',
  'expected valid JSON': 'forventet gyldig JSON',
  // what is at a path IT named instead of a file (src/main/config/load-config.ts, src/main/keys/private-file.ts)
  'expected a file': 'forventet en fil',
  'expected a file, not a folder': 'forventet en fil, ikke en mappe',
  'expected a file, not a named pipe (FIFO)': 'forventet en fil, ikke et navngitt rør (FIFO)',
  'expected a file, not a socket': 'forventet en fil, ikke en socket',
  'expected a file, not a device': 'forventet en fil, ikke en enhet',
  'expected a file, not a special file': 'forventet en vanlig fil, ikke en spesialfil',
  'expected a file of at most 1 MB': 'forventet en fil på høyst 1 MB',
  'expected a JSON object': 'forventet et JSON-objekt',
  'expected a non-empty string': 'forventet en tekst som ikke er tom',
  'expected true or false': 'forventet true eller false',
  'expected a whole number': 'forventet et heltall',
  'expected a whole number of seconds': 'forventet et helt antall sekunder',
  'expected a whole number of minutes': 'forventet et helt antall minutter',
  'expected a number of days': 'forventet et antall dager',
  'expected more than 0 days': 'forventet mer enn 0 dager',
  'expected 1–480 minutes': 'forventet 1–480 minutter',
  'expected a share between 0 and 1': 'forventet en andel mellom 0 og 1',
  'expected a port 0–65535': 'forventet en port 0–65535',
  'expected a 9-digit organization number': 'forventet et organisasjonsnummer på 9 sifre',
  'expected a list of 9-digit organization numbers': 'forventet en liste med organisasjonsnumre på 9 sifre',
  'expected at least one scope': 'forventet minst ett scope',
  'expected a list of scopes': 'forventet en liste med scopes',
  'expected a list of APIs': 'forventet en liste med API-er',
  'expected unique API names': 'forventet ulike navn på API-ene',
  'expected a list of PKCS#11 module paths': 'forventet en liste med stier til PKCS#11-moduler',
  'expected a short lowercase name (a-z, 0-9, -)': 'forventet et kort navn med små bokstaver (a-z, 0-9, -)',
  'expected a path starting with "/"': 'forventet en sti som begynner med "/"',
  'expected an address starting with https:// (for example https://helseid-sts.test.nhn.no)':
    'forventet en adresse som begynner med https:// (for eksempel https://helseid-sts.test.nhn.no)',
  'expected an address without ? or #': 'forventet en adresse uten ? eller #',
  'expected an https URL (http only on 127.0.0.1)': 'forventet en https-adresse (http bare på 127.0.0.1)',
  'expected the JSON line `npm run env` prints': 'forventet JSON-linjen som `npm run env` skriver ut',
  // the rules that weigh several fields against each other
  'expected either "client" (a client made by hand) or "provisioning" (the app sets itself up through Selvbetjening), not both and not neither':
    'forventet enten "client" (en klient laget for hånd) eller "provisioning" (appen setter seg opp selv gjennom Selvbetjening) – ikke begge, og ikke ingen av dem',
  'expected the Selvbetjening of the same HelseID environment as "authority" (test with helseid-test, prod with helseid-prod)':
    'forventet Selvbetjening i samme HelseID-miljø som "authority" (test med helseid-test, prod med helseid-prod)',
  'expected parent_organization for a multi-tenant client (its child organizations are asserted as NO:ORGNR:<parent>:<child>)':
    'forventet parent_organization for en multi-tenant-klient (underorganisasjonene oppgis som NO:ORGNR:<parent>:<child>)',
  'expected "api_url" and "web_url" for an embedded or custom Selvbetjening':
    'forventet "api_url" og "web_url" når Selvbetjening har kind "embedded" eller "custom"',
  'expected the URLs of that Selvbetjening (or leave api_url and web_url out)':
    'forventet adressene til den Selvbetjeningen (eller utelat api_url og web_url)',
  'expected protection "file" with scope "installation" (OS protection is per account)':
    'forventet protection "file" med scope "installation" (OS-beskyttelsen gjelder én brukerkonto)',
  'expected 0 (any free port), a port number, or {"from": …, "to": …}':
    'forventet 0 (en hvilken som helst ledig port), et portnummer eller {"from": …, "to": …}',
  'expected a range with 1024 ≤ from ≤ to': 'forventet et portområde med 1024 ≤ from ≤ to',
  'expected a list of {"number", "name"}': 'forventet en liste med {"number", "name"}',
  // portals (Kjernejournal Innlogging's X-SOURCE-SYSTEM rule, one token per resource)
  'expected 3–512 letters, digits, spaces or . , ( ) - (the name and version of the system)':
    'forventet 3–512 bokstaver, sifre, mellomrom eller . , ( ) - (navnet og versjonen til systemet)',
  'expected the portal\'s resource in "portals" only, not also among "apis" (one token per resource: it carries the patient)':
    'forventet portalens ressurs bare under "portals", ikke også under "apis" (ett token per ressurs: det bærer pasienten)',
  'expected at most 365 days': 'forventet høyst 365 dager',
  // the CLI's and the embedded environment's own checks (src/main/cli/cli-config.ts, provisioning-deps.ts)
  'expected an embedded environment with a Selvbetjening (provisioning)':
    'forventet et innebygd miljø med Selvbetjening (provisioning)',
  'this configuration has no provisioning block': 'dette oppsettet har ingen provisioning-blokk',
  // the client key file the configuration points at (src/main/auth/client-key.ts, helseid-client.ts)
  'expected a private RSA or EC JWK with a supported alg':
    'forventet en privat RSA- eller EC-nøkkel (JWK) med en støttet alg',
  'the JWK could not be imported': 'nøkkelen (JWK) kunne ikke leses inn',
  'no private_jwk_path and no key store': 'verken private_jwk_path eller et nøkkellager er satt opp',
  // what makes a key file unsafe to use (src/main/keys/private-file.ts)
  'a symbolic link can point at a file others control': 'en symbolsk lenke kan peke på en fil som andre styrer',
  'another account owns it and can read or replace it': 'en annen brukerkonto eier den og kan lese eller bytte den ut',
  'every user of this computer can read or change it': 'alle brukere på maskinen kan lese eller endre den',
  'other users in its group can read or change it': 'andre brukere i gruppen kan lese eller endre den',
  'other users can replace the key file in it': 'andre brukere kan bytte ut nøkkelfilen i den',
  'another account owns the folder and can replace the key file in it':
    'en annen brukerkonto eier mappen og kan bytte ut nøkkelfilen i den',
};

const UNITS: Readonly<Record<string, string>> = { seconds: 'sekunder', minutes: 'minutter', days: 'dager' };

export function configProblemText(problem: string, language: Language): string {
  if (language === 'en') return problem;
  const missing = /^missing: (.*)$/.exec(problem);
  if (missing) return `mangler: ${configProblemText(missing[1]!, language)}`;
  const unreadable = /^cannot be read \((\w+)\)$/.exec(problem);
  if (unreadable) return `kan ikke leses (${unreadable[1]})`;
  const known = NB[problem];
  if (known) return known;
  const range = /^expected (\d+)–(\d+) (seconds|minutes|days)$/.exec(problem);
  if (range) return `forventet ${range[1]}–${range[2]} ${UNITS[range[3]!]}`;
  // the issuers are listed from the schema's table, so the sentence is matched around them
  const issuer = /^expected the issuer of that HelseID environment, exactly \((.*), without a \/ at the end\)$/.exec(
    problem,
  );
  if (issuer)
    return `forventet nøyaktig utstederen (issuer) til det HelseID-miljøet (${issuer[1]!.replace(/ or /g, ' eller ')}, uten / til slutt)`;
  // `expected {"kind": …}`, `expected "logout" or "lock"`: the shape stays, the words around it change
  const shape = /^expected ((?:\{|"|0 ).*)$/.exec(problem);
  if (shape) return `forventet ${shape[1]!.replace(/ or /g, ' eller ').replace(/ and /g, ' og ')}`;
  return problem;
}
