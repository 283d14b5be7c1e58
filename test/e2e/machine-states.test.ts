// Clinic IT's broken machines, one at a time: the machine configuration broken field by field
// (missing, wrong type, empty, no https://, a / at the end, an unknown key, a JSON syntax error) and
// the client key file in every way it can be wrong (missing, readable by others, a link, a FIFO, a
// folder, truncated, another account's, in a folder everyone may write to). For each: the window
// opens on "Feil i oppsettet" naming the field and what is expected (or the key's finding for IT),
// `helseid-desktop doctor` names the same, the window's Feilsøking and `doctor` list the same
// blocking findings — and neither says "internal" or points at a source file (IT has no src/).
// Real start-up (startAppServices), the real renderer in Chromium, the real CLI.
import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startPreviewApp } from '../../scripts/preview-app.ts';
import { main } from '../../src/main/cli/main.ts';
import { generateClientKey } from '../../src/main/keys/key-pair.ts';
import { configProblemText } from '../../src/shared/config-problem-text.ts';
import { ROOT, SCREENSHOTS } from './harness.ts';
import { expectNoSeriousA11yViolations } from './axe.ts';

let browser: Browser;
let dir: string;
let keyJson: string;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  dir = await mkdtemp(path.join(tmpdir(), 'helseid-machine-states-'));
  keyJson = JSON.stringify((await generateClientKey(0, 2048)).stored.privateJwk);
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

// --- the machine ------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
interface Machine {
  readonly configFile: string;
  readonly keyFile: string;
  readonly env: Record<string, string | undefined>;
}

let count = 0;
/** A fresh folder per state: config.json, and keys/client.jwk (a good key unless `key` changes it). */
async function machine(config: (keyFile: string) => Json | string, key?: (file: string) => Promise<void>) {
  const home = path.join(dir, String(++count));
  const keys = path.join(home, 'keys');
  await mkdir(keys, { recursive: true, mode: 0o700 });
  const keyFile = path.join(keys, 'client.jwk');
  await writeFile(keyFile, keyJson, { mode: 0o600 });
  if (key) await key(keyFile);
  const text = config(keyFile);
  const configFile = path.join(home, 'config.json');
  await writeFile(configFile, typeof text === 'string' ? text : JSON.stringify(text, null, 2));
  // HELSEID_ENVIRONMENT_JSON or the like from the shell must not stand in for the file
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'nb_NO.UTF-8',
    HELSEID_DESKTOP_CONFIG: configFile,
  };
  return { configFile, keyFile, env } satisfies Machine;
}

/** Every field kind the schema has; the authority never answers (127.0.0.1:9), so nothing waits on it. */
const base = (keyFile: string): Json => ({
  authority: { kind: 'custom', issuer: 'https://127.0.0.1:9' },
  client: { client_id: 'clinic-client', private_jwk_path: keyFile },
  apis: [
    {
      name: 'journal',
      resource: 'nhn:journal',
      scopes: ['nhn:journal/read'],
      base_url: 'https://127.0.0.1:9',
      call_path: '/me',
    },
  ],
  organizations: [{ number: '912345678', name: 'Avdeling Sentrum' }],
  card_removal: 'logout',
  redirect: { port: 0 },
  login_timeout_seconds: 300,
  pkcs11_modules: [],
  pkcs11_probe_known_paths: false,
});

/** `base` with the value at `at` ('apis.0.base_url') replaced; undefined deletes it */
function changed(at: string, value: unknown, from: (keyFile: string) => Json = base) {
  return (keyFile: string): Json => {
    const copy = structuredClone(from(keyFile));
    const keys = at.split('.');
    let node = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Json;
    if (value === undefined) delete node[keys.at(-1)!];
    else node[keys.at(-1)!] = value;
    return copy;
  };
}

// --- what the window and doctor say ---------------------------------------------------------------

interface Said {
  readonly field?: string | null;
  readonly problem?: string | null;
  readonly where?: string | null;
  readonly heading: string;
  readonly what: string;
  /** the "Detaljer for IT" finding line, for a key fault */
  readonly finding?: string | null;
  /** the window's Feilsøking: its blocking findings */
  readonly blocking: string[];
  readonly screenText: string;
  readonly reportText: string;
}

const blockingOf = (report: string) => report.split('\n').filter((line) => line.startsWith('  ✗ '));

async function windowOf(m: Machine, screenshot?: string): Promise<Said> {
  const app = await startPreviewApp({ root: ROOT, headless: true, browser, env: m.env });
  try {
    const page = app.appPage;
    page.setDefaultTimeout(10_000);
    const screen = page.locator('[data-screen="setup-error"]');
    await screen.waitFor();
    const text = async (id: string) => {
      const node = screen.getByTestId(id);
      return (await node.count()) ? node.textContent() : null;
    };
    const details = screen.getByTestId('error-it-details');
    let finding: string | null = null;
    if (await details.count()) {
      await details.locator('summary').click();
      finding = await details.locator('[data-it="finding"]').textContent();
    }
    const said = {
      heading: (await screen.getByRole('heading', { level: 2 }).textContent()) ?? '',
      what: (await text('setup-what')) ?? '',
      field: await text('setup-field'),
      problem: await text('setup-problem'),
      where: await text('setup-where'),
      finding,
      screenText: (await screen.textContent()) ?? '',
    };
    if (screenshot) {
      await expectNoSeriousA11yViolations(page, screenshot);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
    }
    await screen.getByTestId('open-diagnostics').click();
    const reportText = (await page.getByTestId('diagnostics-report').textContent()) ?? '';
    return { ...said, reportText, blocking: blockingOf(reportText) };
  } finally {
    await app.close();
  }
}

async function doctorOf(m: Machine): Promise<{ code: number; text: string; blocking: string[] }> {
  let text = '';
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      text += String(chunk);
      done();
    },
  });
  const code = await main(['doctor', '--lang', 'nb'], { stdout: sink, stderr: sink, stdin: process.stdin, env: m.env });
  return { code, text, blocking: blockingOf(text) };
}

/** What no state may show: the unexpected-error text, or a path into the source tree IT does not have. */
function expectNeitherInternalNorSource(...texts: string[]) {
  for (const text of texts) {
    expect(text).not.toMatch(/\(internal\)|uventet feil|Noe gikk galt/);
    expect(text).not.toMatch(/src\/main|config-schema\.ts|\.ts\b/);
  }
}

// --- the configuration, field by field --------------------------------------------------------------

interface ConfigCase {
  readonly name: string;
  readonly config: (keyFile: string) => Json | string;
  readonly field: string;
}

const REQUIRED = [
  'authority',
  'authority.kind',
  'authority.issuer',
  'client.client_id',
  'client.private_jwk_path',
  'apis.0.name',
  'apis.0.resource',
  'apis.0.scopes',
  'apis.0.base_url',
  'organizations.0.number',
  'organizations.0.name',
];
const WRONG_TYPE: ReadonlyArray<readonly [string, unknown]> = [
  ['authority', 'helseid-test'],
  ['authority.kind', 1],
  ['authority.issuer', 42],
  ['client', 'clinic-client'],
  ['client.client_id', 7],
  ['client.private_jwk_path', ['C:\\key.jwk']],
  ['apis', { name: 'journal' }],
  ['apis.0', 'journal'],
  ['apis.0.name', true],
  ['apis.0.scopes', 'nhn:journal/read'],
  ['apis.0.base_url', { url: 'https://x' }],
  ['organizations', '912345678'],
  ['organizations.0.number', 912345678],
  ['card_removal', false],
  ['redirect.port', '0'],
  ['login_timeout_seconds', '300'],
  ['pkcs11_modules', '/usr/lib/opensc-pkcs11.so'],
  ['pkcs11_probe_known_paths', 'no'],
];
const STRINGS = [
  'authority.issuer',
  'client.client_id',
  'client.private_jwk_path',
  'apis.0.name',
  'apis.0.resource',
  'apis.0.base_url',
  'apis.0.call_path',
  'organizations.0.name',
  'card_removal',
];
const UNKNOWN_KEY_IN = ['', 'authority', 'client', 'apis.0', 'organizations.0', 'redirect'];
/** how a field is written in a message: apis.0.base_url → apis[0].base_url */
const fieldName = (at: string) => at.replace(/\.(\d+)/g, '[$1]');

const CONFIG_CASES: ConfigCase[] = [
  ...REQUIRED.map((at) => ({ name: `${at} missing`, config: changed(at, undefined), field: fieldName(at) })),
  ...WRONG_TYPE.map(([at, value]) => ({
    name: `${at} of the wrong type`,
    config: changed(at, value),
    field: fieldName(at),
  })),
  ...STRINGS.map((at) => ({ name: `${at} empty`, config: changed(at, ''), field: fieldName(at) })),
  {
    name: 'authority.issuer without https://',
    config: changed('authority.issuer', 'helseid-sts.test.nhn.no'),
    field: 'authority.issuer',
  },
  {
    name: 'apis[0].base_url without https://',
    config: changed('apis.0.base_url', 'journal.example.no/api'),
    field: 'apis[0].base_url',
  },
  {
    name: 'authority.issuer of helseid-test with a / at the end',
    config: changed('authority', { kind: 'helseid-test', issuer: 'https://helseid-sts.test.nhn.no/' }),
    field: 'authority.issuer',
  },
  ...UNKNOWN_KEY_IN.map((at) => ({
    name: `an unknown key in ${at || 'the top level'}`,
    config: changed(at ? `${at}.card_remowal` : 'card_remowal', 'lock'),
    field: at ? `${fieldName(at)}.card_remowal` : 'card_remowal',
  })),
];

describe('the machine configuration, broken field by field', () => {
  it.each(CONFIG_CASES)(
    '$name: "Feil i oppsettet" names $field and what is expected; doctor says the same',
    async (c) => {
      const m = await machine(c.config);
      const [shown, doctor] = await Promise.all([windowOf(m), doctorOf(m)]);
      expect(shown.heading).toBe('Feil i oppsettet');
      expect(shown.field).toBe(c.field);
      // what is expected, in words, in bokmål
      expect(shown.problem).toMatch(/^(forventet|mangler|ukjent felt)/);
      expect(shown.problem).toBe(configProblemText(shown.problem!, 'nb'));
      expect(doctor.code).toBe(1);
      expect(doctor.blocking).toEqual([
        `  ✗ Feil i oppsettet: I ${m.configFile} er feltet ${c.field} feil: ${shown.problem}.`,
      ]);
      expect(shown.blocking).toEqual(doctor.blocking);
      expectNeitherInternalNorSource(shown.screenText, shown.reportText, doctor.text);
    },
  );

  it.each([
    { name: 'a comma too many', text: '{\n  "card_removal": "lock",\n}\n', line: 3, column: 1 },
    {
      name: 'a comma missing',
      text: '{\n  "card_removal": "lock"\n  "lock_after_idle_minutes": 5\n}\n',
      line: 3,
      column: 3,
    },
    { name: 'the file cut short', text: '{\n  "authority": {\n    "kind": "custom"', line: 3, column: 21 },
  ])('JSON with $name: "Feil i oppsettet" says line $line, column $column; doctor says the same', async (c) => {
    const m = await machine(() => c.text);
    const shot = c.line === 3 && c.column === 1 ? '25-setup-error-json-nb' : undefined;
    const [shown, doctor] = await Promise.all([windowOf(m, shot), doctorOf(m)]);
    expect(shown.heading).toBe('Feil i oppsettet');
    expect(shown.where).toBe(`linje ${c.line}, kolonne ${c.column}`);
    expect(shown.problem).toBe('forventet gyldig JSON');
    expect(doctor.blocking).toEqual([
      `  ✗ Feil i oppsettet: ${m.configFile} er ikke gyldig JSON: feilen står på linje ${c.line}, kolonne ${c.column}.`,
    ]);
    expect(shown.blocking).toEqual(doctor.blocking);
    expectNeitherInternalNorSource(shown.screenText, shown.reportText, doctor.text);
  });
});

// --- the client key file, every fault ----------------------------------------------------------------

const root = process.getuid?.() === 0;
const KEY_CASES = [
  { name: 'missing', finding: 'Klientnøkkelen mangler', key: (file: string) => rm(file) },
  {
    name: 'readable by others',
    finding: 'Klientnøkkelen kan leses av andre',
    key: (file: string) => chmod(file, 0o644),
  },
  {
    name: 'a symbolic link',
    finding: 'Klientnøkkelen er en lenke',
    key: async (file: string) => {
      await rm(file);
      await writeFile(`${file}.real`, keyJson, { mode: 0o600 });
      await symlink(`${file}.real`, file);
    },
  },
  {
    name: 'a FIFO',
    finding: 'Klientnøkkelen er ikke en fil',
    key: async (file: string) => {
      await rm(file);
      execFileSync('mkfifo', ['-m', '600', file]);
    },
  },
  {
    name: 'a folder',
    finding: 'Klientnøkkelen er ikke en fil',
    key: async (file: string) => {
      await rm(file);
      await mkdir(file);
    },
  },
  {
    name: 'truncated',
    finding: 'Klientnøkkelen er ødelagt',
    key: (file: string) => writeFile(file, keyJson.slice(0, 80), { mode: 0o600 }),
  },
  {
    name: "another account's",
    finding: 'Klientnøkkelen eies av en annen bruker',
    key: (file: string) => chown(file, 4321, 4321),
  },
  {
    name: 'in a folder everyone may write to',
    finding: 'Nøkkelmappen er ikke beskyttet',
    key: (file: string) => chmod(path.dirname(file), 0o777),
  },
];

describe.skipIf(process.platform === 'win32')('the client key file, every fault', () => {
  it.each(KEY_CASES)(
    'key file $name: "Feil i oppsettet" at start, its finding for IT, and doctor says the same',
    async (c) => {
      if (c.name === "another account's" && !root)
        return expect.fail('run as root (CI is): the test chowns to another uid');
      const m = await machine(base, c.key);
      const shot = c.name === 'a symbolic link' ? '26-setup-error-key-symlink-nb' : undefined;
      const [shown, doctor] = await Promise.all([windowOf(m, shot), doctorOf(m)]);
      expect(shown.heading).toBe('Feil i oppsettet');
      // the clinician's words: what it means for them; no path, no chmod
      expect(shown.what).toMatch(/^Innlogging er ikke satt opp på denne maskinen\. /);
      expect(shown.what).not.toMatch(/chmod|chown|\//);
      // IT's words, one click away: the same finding doctor puts first
      expect(shown.finding).toMatch(new RegExp(`^${c.finding}: `));
      expect(doctor.code).toBe(1);
      expect(doctor.blocking[0]).toBe(`  ✗ ${shown.finding}`);
      expect(shown.blocking).toEqual(doctor.blocking);
      expectNeitherInternalNorSource(shown.screenText, shown.reportText, doctor.text);
    },
  );
});
