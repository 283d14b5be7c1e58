// Every rule of the configuration check reaches IT in the report's language. The schema words its
// rules in English next to the code; src/shared/config-problem-text.ts says each in bokmål. These
// tests walk the schema itself (so a rule added tomorrow is included without anyone listing it),
// break a real configuration once per rule and read what the bokmål report, start-up error screen
// and CLI would show: no English rule text may remain, and the field is named.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, parseConfigText } from '../../../src/main/config/index.ts';
import { configProblemText } from '../../../src/shared/config-problem-text.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';

// --- the schema's rules, found by walking it -------------------------------------------------------

interface ZodNode {
  _zod: { def: Record<string, unknown> & { type: string; error?: () => unknown; checks?: ZodNode[] } };
}
/** node types that only wrap another and cannot fail by themselves */
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'pipe', 'transform', 'nullable', 'readonly', 'catch']);

/** Every message the schema can give, and every place that would fall back to zod's own English. */
function schemaRules(root: ZodNode): { messages: Set<string>; wordless: string[] } {
  const messages = new Set<string>();
  const wordless: string[] = [];
  const seen = new Set<ZodNode>();
  const walk = (node: ZodNode, where: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    const def = node._zod.def;
    const own = def.error?.();
    if (typeof own === 'string') messages.add(own);
    else if (!WRAPPERS.has(def.type)) wordless.push(`${where} (${def.type})`);
    for (const check of def.checks ?? []) {
      const c = check._zod.def as unknown as { check: string; error?: () => unknown };
      const words = c.error?.();
      if (typeof words === 'string') messages.add(words);
      else if (c.check !== 'overwrite') wordless.push(`${where} (check ${c.check})`); // overwrite = trim, cannot fail
    }
    for (const [key, child] of Object.entries((def.shape ?? {}) as Record<string, ZodNode>))
      walk(child, `${where}.${key}`);
    for (const key of ['innerType', 'in', 'out', 'element']) if (def[key]) walk(def[key] as ZodNode, where);
    (def.options as ZodNode[] | undefined)?.forEach((option, i) => walk(option, `${where}|${i}`));
  };
  walk(root, '(top level)');
  return { messages, wordless };
}

// --- "is this still English?" ----------------------------------------------------------------------

/**
 * English words no bokmål rule text contains (words both languages share — for, at, per, port, store —
 * are not listed); JSON shapes, quoted values, code, URLs and field names are left out first.
 */
const ENGLISH = new Set([
  'expected',
  'missing',
  'unknown',
  'invalid',
  'input',
  'received',
  'too',
  'small',
  'big',
  'must',
  'should',
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'with',
  'without',
  'not',
  'only',
  'either',
  'neither',
  'both',
  'that',
  'same',
  'its',
  'are',
  'is',
  'as',
  'most',
  'least',
  'more',
  'than',
  'between',
  'any',
  'leave',
  'out',
  'whole',
  'number',
  'numbers',
  'list',
  'seconds',
  'minutes',
  'days',
  'share',
  'range',
  'string',
  'empty',
  'non',
  'lowercase',
  'name',
  'path',
  'starting',
  'query',
  'fragment',
  'organization',
  'environment',
  'client',
  'made',
  'hand',
  'sets',
  'itself',
  'through',
  'unique',
  'one',
  'free',
  'valid',
  'object',
  'file',
  'field',
  'check',
  'spelling',
  'cannot',
  'read',
  'could',
  'be',
  'imported',
  'private',
  'supported',
  'key',
  'prints',
  'line',
  'embedded',
  'account',
  'asserted',
  'child',
]);

function englishWordsIn(text: string): string[] {
  const prose = text
    .replace(/\{[^}]*\}/g, ' ') // {"kind": …}
    .replace(/"[^"]*"/g, ' ') // "logout"
    .replace(/`[^`]*`/g, ' ') // `npm run env`
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b\w+_\w+\b/g, ' ') // field names: parent_organization, api_url
    .replace(/NO:ORGNR:\S+/g, ' ');
  return (prose.match(/[\p{L}-]+/gu) ?? []).filter((word) => ENGLISH.has(word.toLowerCase()));
}

// --- a real configuration, broken once per rule ------------------------------------------------------

const withClient = {
  authority: { kind: 'helseid-test', issuer: 'https://helseid-sts.test.nhn.no' },
  client: { client_id: 'my-client', private_jwk_path: 'C:\\ProgramData\\HelseID Desktop\\client.jwk.json' },
  apis: [
    {
      name: 'person',
      resource: 'nhn:person',
      scopes: ['nhn:person/read'],
      base_url: 'https://person.example.no',
      call_path: '/me',
    },
  ],
  tillitsrammeverk: {
    legal_entity: { id: '999999999', system: 'urn:oid:2.16.578.1.12.4.1.4.101' },
    point_of_care: { id: '999999999', system: 'urn:oid:2.16.578.1.12.4.1.4.101' },
  },
};
const { client: _client, ...withoutClient } = withClient;
/** Kjernejournal as NHN's reference client names its test environment (kjernejournal/st1.yaml) */
const KJ = {
  innlogging_url: 'https://innlogging.st1.kjernejournal-test.no',
  portal_url: 'https://st1.kjernejournal-test.no/hpp-webapp',
};
const withProvisioning = {
  ...withoutClient,
  provisioning: { selvbetjening: { kind: 'test' }, api_key_path: 'C:\\key.txt', organization_number: '999999999' },
};

type Json = Record<string, unknown>;
/** a copy of `base` with the value at `at` ('a.b.0.c') replaced; undefined removes it */
function broken(base: Json, at: string, value: unknown): Json {
  const copy = structuredClone(base);
  const keys = at.split('.');
  let node: Json = copy;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Json;
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
  return copy;
}

const P = 'provisioning';
/** [what is broken, the configuration]: at least one per rule the schema has (checked below) */
const BROKEN: ReadonlyArray<readonly [string, unknown]> = [
  ['not an object', []],
  ['neither client nor provisioning', withoutClient],
  ['both client and provisioning', { ...withProvisioning, client: withClient.client }],
  ['an unknown field', { ...withClient, card_remowal: 'lock' }],
  ['authority not an object', broken(withClient, 'authority', 'helseid-test')],
  ['authority of another environment', broken(withClient, 'authority.issuer', 'https://helseid-sts.nhn.no')],
  ['authority kind unknown', broken(withClient, 'authority.kind', 'helseid-qa')],
  [
    'authority issuer with a query',
    broken(broken(withClient, 'authority.kind', 'custom'), 'authority.issuer', 'https://sts.example.no/?x=1'),
  ],
  [
    'authority issuer without https:// (the most common typo)',
    broken(broken(withClient, 'authority.kind', 'custom'), 'authority.issuer', 'sts.example.no'),
  ],
  ['HelseID issuer with a / at the end', broken(withClient, 'authority.issuer', 'https://helseid-sts.test.nhn.no/')],
  [
    'authority issuer on plain http',
    broken(broken(withClient, 'authority.kind', 'custom'), 'authority.issuer', 'http://sts.example.no'),
  ],
  ['client not an object', broken(withClient, 'client', 'my-client')],
  ['client_id empty', broken(withClient, 'client.client_id', '  ')],
  ['client_id missing', broken(withClient, 'client.client_id', undefined)],
  ['provisioning not an object', { ...withoutClient, provisioning: 'yes' }],
  ['Selvbetjening of prod with the test authority', broken(withProvisioning, `${P}.selvbetjening.kind`, 'prod')],
  ['selvbetjening not an object', broken(withProvisioning, `${P}.selvbetjening`, 'test')],
  ['selvbetjening kind unknown', broken(withProvisioning, `${P}.selvbetjening.kind`, 'qa')],
  ['custom Selvbetjening without URLs', broken(withProvisioning, `${P}.selvbetjening.kind`, 'custom')],
  [
    'test Selvbetjening with another URL',
    broken(withProvisioning, `${P}.selvbetjening.api_url`, 'https://api.example.no'),
  ],
  ['Selvbetjening URL on plain http', broken(withProvisioning, `${P}.selvbetjening.api_url`, 'http://api.example.no')],
  ['organization number too short', broken(withProvisioning, `${P}.organization_number`, '12345')],
  ['child organizations not a list', broken(withProvisioning, `${P}.child_organization_numbers`, '999999999')],
  ['key_store not an object', broken(withProvisioning, `${P}.key_store`, 'os')],
  [
    'OS protection for the whole installation',
    broken(withProvisioning, `${P}.key_store`, { protection: 'os', scope: 'installation' }),
  ],
  ['key protection unknown', broken(withProvisioning, `${P}.key_store`, { protection: 'tpm' })],
  ['key scope unknown', broken(withProvisioning, `${P}.key_store`, { scope: 'machine' })],
  ['allow_basic_text not a boolean', broken(withProvisioning, `${P}.key_store`, { allow_basic_text: 'yes' })],
  ['renewal not an object', broken(withProvisioning, `${P}.renewal`, 30)],
  ['renewal days not a number', broken(withProvisioning, `${P}.renewal`, { days_left: 'thirty' })],
  ['renewal days zero', broken(withProvisioning, `${P}.renewal`, { days_left: 0 })],
  ['renewal days over a year', broken(withProvisioning, `${P}.renewal`, { days_left: 400 })],
  ['renewal share above 1', broken(withProvisioning, `${P}.renewal`, { share_left: 2 })],
  ['renewal retry not whole', broken(withProvisioning, `${P}.renewal`, { retry_seconds: 1.5 })],
  ['renewal retry zero', broken(withProvisioning, `${P}.renewal`, { retry_seconds: 0 })],
  ['confirmation timeout too short', broken(withProvisioning, `${P}.confirmation_timeout_seconds`, 10)],
  ['apis not a list', broken(withClient, 'apis', 'person')],
  ['api not an object', broken(withClient, 'apis', ['person'])],
  ['two apis with one name', broken(withClient, 'apis', [withClient.apis[0], withClient.apis[0]])],
  ['api name with capitals', broken(withClient, 'apis.0.name', 'Person')],
  ['api display_name a plain string', broken(withClient, 'apis.0.display_name', 'Person')],
  ['api scopes not a list', broken(withClient, 'apis.0.scopes', 'nhn:person/read')],
  ['api without scopes', broken(withClient, 'apis.0.scopes', [])],
  ['api call path without a slash', broken(withClient, 'apis.0.call_path', 'me')],
  ['organizations not a list', broken(withClient, 'organizations', '999999999')],
  ['organization not an object', broken(withClient, 'organizations', ['999999999'])],
  ['client tenancy unknown', broken(withClient, 'client_tenancy', 'tenant')],
  ['multi-tenant without parent', broken(withClient, 'client_tenancy', 'multi-tenant')],
  ['acr_values not an object', broken(withClient, 'acr_values', 'idp:buypass-oidc')],
  ['pkcs11_modules not a list', broken(withClient, 'pkcs11_modules', '/usr/lib/opensc-pkcs11.so')],
  ['pkcs11_probe_known_paths not a boolean', broken(withClient, 'pkcs11_probe_known_paths', 'no')],
  ['card_removal unknown', broken(withClient, 'card_removal', 'ignore')],
  ['redirect not an object', broken(withClient, 'redirect', 50000)],
  ['redirect host localhost', broken(withClient, 'redirect', { host: 'localhost' })],
  ['redirect port a word', broken(withClient, 'redirect', { port: 'any' })],
  ['redirect port not whole', broken(withClient, 'redirect', { port: 1.5 })],
  ['redirect port too high', broken(withClient, 'redirect', { port: 70000 })],
  ['redirect range below 1024', broken(withClient, 'redirect', { port: { from: 80, to: 90 } })],
  ['redirect range of words', broken(withClient, 'redirect', { port: { from: 'low', to: 'high' } })],
  ['assertion_details_claim unknown', broken(withClient, 'assertion_details_claim', 'details')],
  ['tillitsrammeverk not an object', broken(withClient, 'tillitsrammeverk', true)],
  ['tillitsrammeverk legal_entity a plain id', broken(withClient, 'tillitsrammeverk.legal_entity', '999999999')],
  ['tillitsrammeverk purpose_of_use a plain code', broken(withClient, 'tillitsrammeverk.purpose_of_use', 'TREAT')],
  ['portals not an object', broken(withClient, 'portals', 'kjernejournal')],
  ['portals.kjernejournal not an object', broken(withClient, 'portals', { kjernejournal: true })],
  [
    'kjernejournal innlogging_url on plain http',
    broken(withClient, 'portals', { kjernejournal: { ...KJ, innlogging_url: 'http://innlogging.example.no' } }),
  ],
  [
    'kjernejournal source_system with a slash',
    broken(withClient, 'portals', { kjernejournal: { ...KJ, source_system: 'EPJ/2' } }),
  ],
  ['kjernejournal without scopes', broken(withClient, 'portals', { kjernejournal: { ...KJ, scopes: [] } })],
  [
    'kjernejournal also among the apis',
    broken(broken(withClient, 'portals', { kjernejournal: KJ }), 'apis.0.resource', 'nhn:kjernejournal'),
  ],
  ['login timeout too short', broken(withClient, 'login_timeout_seconds', 10)],
  ['refresh margin too short', broken(withClient, 'refresh_margin_seconds', 1)],
  ['idle lock not whole minutes', broken(withClient, 'lock_after_idle_minutes', 2.5)],
  ['idle lock zero minutes', broken(withClient, 'lock_after_idle_minutes', 0)],
];

interface Problem {
  readonly field: string;
  readonly problem: string;
}
function problemsOf(config: unknown): Problem[] {
  try {
    parseConfigText(JSON.stringify(config), '/etc/helseid-desktop/config.json');
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'invalid-config') throw err;
    return err.message.split('\n').map((line) => {
      const [, field, problem] = /^config\.json: (\S+|\(top level\)): (.*)$/.exec(line)!;
      return { field: field!, problem: problem! };
    });
  }
  return [];
}

describe('configuration rules in bokmål', () => {
  const { messages, wordless } = schemaRules(configSchema as unknown as ZodNode);

  it('everyRuleOfTheSchema_hasItsOwnWords_soNoneFallsBackToZodsEnglish', () => {
    expect(messages.size).toBeGreaterThan(40); // the walk really found the schema's rules
    expect(wordless).toEqual([]);
  });

  it('everyRuleOfTheSchema_inBokmaal_hasNoEnglishLeft', () => {
    const untranslated = [...messages]
      .map((m) => [m, configProblemText(m, 'nb')] as const)
      .filter(([, nb]) => englishWordsIn(nb).length > 0 || !/^(forventet|mangler|ukjent)/.test(nb));
    expect(untranslated).toEqual([]);
  });

  it('everyRuleOfTheSchema_isBrokenByOneOfTheseConfigurations', () => {
    const seen = new Set(
      BROKEN.flatMap(([, config]) => problemsOf(config).map((p) => p.problem.replace(/^missing: /, ''))),
    );
    const neverBroken = [...messages].filter((m) => !seen.has(m));
    // redirect.port is a union (a port, or {"from", "to"}): for a non-whole number or a range of words
    // zod reports the union's own words, which name both forms; the options' words are translated all the same
    expect(neverBroken).toEqual(['expected a whole number', 'expected {"from": …, "to": …}']);
    expect(seen).toContain('expected 0 (any free port), a port number, or {"from": …, "to": …}');
  });

  it.each(BROKEN)(
    '%s: the bokmål report names the field and says what is expected, with no English rule text',
    (_what, config) => {
      const problems = problemsOf(config);
      expect(problems.length).toBeGreaterThan(0);
      for (const { field, problem } of problems) {
        expect(field).not.toBe('');
        const nb = configProblemText(problem, 'nb');
        expect({ field, nb, english: englishWordsIn(nb) }).toEqual({ field, nb, english: [] });
        expect(configProblemText(problem, 'en')).toBe(problem); // English stays the schema's own words
      }
    },
  );

  it('theRulesOutsideTheSchema_cliEmbeddedEnvironmentAndClientKey_areSaidInBokmaalToo', () => {
    // every "expected …" a check in src/main words by hand (cli-config.ts, embedded-environment.ts, client-key.ts …)
    const root = path.resolve(import.meta.dirname, '../../../src/main');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.startsWith('config'),
    );
    const literals = files.flatMap((f) =>
      [...readFileSync(path.join(root, f), 'utf8').matchAll(/'(expected [^']+)'/g)].map((m) => m[1]!),
    );
    const byHand = [
      ...new Set([
        ...literals,
        'this configuration has no provisioning block',
        'the JWK could not be imported',
        'no private_jwk_path and no key store',
        'cannot be read (EACCES)',
        'unknown field (check the spelling)',
      ]),
    ];
    expect(literals.length).toBeGreaterThan(2);
    expect(byHand.map((p) => [p, englishWordsIn(configProblemText(p, 'nb'))])).toEqual(byHand.map((p) => [p, []]));
  });
});
