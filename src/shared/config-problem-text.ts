// What the configuration check says is expected ("expected a non-empty string"), in the report's
// language. The schema (src/main/config/config-schema.ts) words its rules in English next to the
// code; the common ones are said in bokmål here, so a Norwegian report does not switch language in
// mid-sentence. JSON shapes and values (`{"kind": …}`, `"logout"`) stay as written in the file.
// A rule not in the table stays in English: IT still reads what is expected.
import type { Language } from './errors/error-texts.ts';

const NB: Readonly<Record<string, string>> = {
  'unknown field (check the spelling)': 'ukjent felt (sjekk stavemåten)',
  'expected valid JSON': 'forventet gyldig JSON',
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
  'expected an http(s) URL without query or fragment': 'forventet en http(s)-adresse uten ? eller #',
  'expected an https URL (http only on 127.0.0.1)': 'forventet en https-adresse (http bare på 127.0.0.1)',
  'expected an https URL without query or fragment (http only on 127.0.0.1)': 'forventet en https-adresse uten ? eller # (http bare på 127.0.0.1)',
  'expected the JSON line `npm run env` prints': 'forventet JSON-linjen som `npm run env` skriver ut',
};

export function configProblemText(problem: string, language: Language): string {
  if (language === 'en') return problem;
  const missing = /^missing: (.*)$/.exec(problem);
  if (missing) return `mangler: ${configProblemText(missing[1]!, language)}`;
  const unreadable = /^cannot be read \((\w+)\)$/.exec(problem);
  if (unreadable) return `kan ikke leses (${unreadable[1]})`;
  const known = NB[problem];
  if (known) return known;
  // `expected {"kind": …}`, `expected "logout" or "lock"`: the shape stays, the words around it change
  const shape = /^expected ((?:\{|"|0 ).*)$/.exec(problem);
  if (shape) return `forventet ${shape[1]!.replace(/ or /g, ' eller ').replace(/ and /g, ' og ')}`;
  return problem;
}
