// The troubleshooting report as data and as text: findings first with what to do, the client key
// checks, the client probe's verdicts, card expiry, clock skew from the Date header, no secrets.
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardInfo, CardSnapshot } from '../../../src/shared/card-types.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { configFromEnvironmentInfo } from '../../../src/main/config/index.ts';
import { buildDoctorReport, loginCannotWork } from '../../../src/main/diagnostics/doctor-report.ts';
import { formatDoctorReport } from '../../../src/main/diagnostics/doctor-format.ts';
import type { DoctorDeps } from '../../../src/main/diagnostics/doctor-report.ts';

const ISSUER = 'http://127.0.0.1:4000';
const NOW = Date.parse('2026-03-02T10:00:00Z');
let dir: string;
let goodKey: string;

const configWithKey = (file: string, clientId = 'c') =>
  configFromEnvironmentInfo({
    authority: ISSUER,
    apis: [{ name: 'person', resource: 'nhn:x/person', scopes: ['nhn:x/person/read'], url: 'http://127.0.0.1:4001' }],
    clients: [{ client_id: clientId, private_jwk_path: file }],
  });
const kari: CardInfo = {
  id: 'c1',
  readerId: 'r1',
  tokenLabel: 'Kari',
  holderName: 'Kari Nordmann',
  serialNumber: 'UN:NO-9578-4050-100105758',
  issuerFamily: 'buypass',
  environment: 'test',
  validFrom: '2024-01-01T00:00:00Z',
  validTo: '2029-01-01T12:00:00Z',
  state: 'ok',
  pin: 'count-low',
};
const eva: CardInfo = {
  ...kari,
  id: 'c2',
  tokenLabel: 'Eva',
  holderName: 'Eva Utløpt',
  validTo: '2026-01-31T12:00:00Z',
  state: 'expired',
  pin: 'ok',
};
const snapshotWith = (...cards: CardInfo[]): CardSnapshot => ({
  modules: [
    { path: '/usr/lib/libiidp11.so', status: 'loaded' },
    { path: '/opt/missing.so', status: 'missing', reason: 'file not found' },
  ],
  readers: [{ id: 'r1', label: 'Reader 1', module: '/usr/lib/libiidp11.so', hasCard: true, pinPad: false }],
  cards,
});

/** The authority as far as the report needs it: discovery (with a Date header) and PAR's answer. */
const authority = (options: { dateOffsetSeconds?: number; discoveryStatus?: number; par?: () => Response } = {}) =>
  (async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const date = new Date(NOW + (options.dateOffsetSeconds ?? 0) * 1000).toUTCString();
    if (url.pathname.endsWith('/par'))
      return (
        options.par?.() ?? Response.json({ request_uri: 'urn:x', expires_in: 60 }, { status: 201, headers: { date } })
      );
    return Response.json(
      {
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/auth`,
        token_endpoint: `${ISSUER}/token`,
        pushed_authorization_request_endpoint: `${ISSUER}/par`,
      },
      { status: options.discoveryStatus ?? 200, headers: { date } },
    );
  }) as unknown as typeof fetch;

const build = (deps: Partial<DoctorDeps> & Pick<DoctorDeps, 'loadConfig'>) =>
  buildDoctorReport({
    appVersion: '1.2.3',
    clock: () => NOW,
    cardSnapshot: async () => snapshotWith(kari),
    fetch: authority(),
    ...deps,
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor-'));
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  goodKey = path.join(dir, 'client.jwk');
  await writeFile(goodKey, JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'k1' }), {
    mode: 0o600,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('doctor report', () => {
  it('healthyMachine_noBlockingFindings_clientAccepted_skewFromDateHeader', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: '/etc/helseid-desktop/config.json' }),
      fetch: authority({ dateOffsetSeconds: -300 }),
    });
    expect(report.configuration).toEqual({ source: '/etc/helseid-desktop/config.json', valid: true });
    expect(report.authority).toMatchObject({ issuer: ISSUER, reachable: true, issuerMatches: true, skewSeconds: -300 });
    expect(report.clientKey).toMatchObject({
      present: true,
      parseable: true,
      private: true,
      protected: true,
      kid: 'k1',
    });
    expect(report.client).toEqual({ outcome: 'accepted' });
    expect(report.findings.map((f) => f.code)).toEqual(['clock-skew', 'card-module-missing']);
    expect(loginCannotWork(report)).toBe(false);
    expect(JSON.stringify(report)).not.toContain('9578'); // the certificate serial stays out
    expect(JSON.stringify(report)).not.toContain('"d"'); // nor the key
  });

  it('missingKeyFile_isBlocking_namesTheFileAndWhatToDo', async () => {
    const file = path.join(dir, 'nowhere.jwk');
    const report = await build({ loadConfig: async () => ({ config: configWithKey(file), source: 'x' }) });
    expect(report.findings[0]).toEqual({ code: 'client-key-missing', blocking: true, detail: { file } });
    expect(loginCannotWork(report)).toBe(true);
    expect(report.client).toBeUndefined(); // nothing to sign a probe with
    const nb = formatDoctorReport(report, 'nb');
    expect(nb).toMatch(
      new RegExp(
        `^HelseID Desktop – feilsøkingsrapport \\(\\d\\d\\.\\d\\d\\.2026 \\d\\d:\\d\\d\\)\\n\\nFunn – innlogging virker ikke før dette er rettet:\\n  ✗ Klientnøkkelen mangler: Nøkkelfilen ${file} finnes ikke`,
      ),
    );
    expect(nb).toContain('    Gjør dette: Legg nøkkelfilen på plass, eller rett client.private_jwk_path i oppsettet.');
    expect(nb).toContain(`Klientnøkkel: ${file} — MANGLER`);
  });

  it('keyReadableByOthers_isBlocking_andSaysHowToRestrictIt', async () => {
    const exposed = path.join(dir, 'exposed.jwk');
    await copyFile(goodKey, exposed);
    await chmod(exposed, 0o644);
    const report = await build({ loadConfig: async () => ({ config: configWithKey(exposed), source: 'x' }) });
    expect(report.findings[0]).toEqual({
      code: 'client-key-exposed',
      blocking: true,
      detail: {
        file: exposed,
        mode: '644',
        fix: `chmod 600 '${exposed}'`,
        problem: 'every user of this computer can read or change it',
      },
    });
    expect(formatDoctorReport(report, 'en')).toContain(`What to do: Restrict access: chmod 600 '${exposed}'`);
  });

  it('publicKeyOnly_andGarbage_areNamedAsSuch', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const pub = path.join(dir, 'public.jwk');
    await writeFile(pub, JSON.stringify(await exportJWK(publicKey)), { mode: 0o600 });
    const garbage = path.join(dir, 'garbage.jwk');
    await writeFile(garbage, 'not json', { mode: 0o600 });
    const first = async (file: string) =>
      (await build({ loadConfig: async () => ({ config: configWithKey(file), source: 'x' }) })).findings[0]?.code;
    await expect(first(pub)).resolves.toBe('client-key-not-private');
    await expect(first(garbage)).resolves.toBe('client-key-unparseable');
  });

  it('authorityRefusingTheClient_401NonJson_isARefusalNotUnreachable', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey, 'unknown-client'), source: 'x' }),
      fetch: authority({
        par: () => new Response('<html>Unauthorized</html>', { status: 401, headers: { 'content-type': 'text/html' } }),
      }),
    });
    expect(report.client).toMatchObject({ outcome: 'refused', status: 401 });
    expect(report.findings[0]).toEqual({
      code: 'client-refused',
      blocking: true,
      detail: { client: 'unknown-client' },
    });
    expect(report.findings.map((f) => f.code)).not.toContain('authority-unreachable');
    const en = formatDoctorReport(report, 'en');
    expect(en).toContain(
      '✗ HelseID refuses the client: HelseID answers, but does not accept this client (unknown-client).',
    );
    expect(en).toContain('Accepts the client: NO – refused (HTTP 401)');
  });

  it('authorityRefusingForTime_isAClockFinding_withTheAuthoritysWordsForIt', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: 'x' }),
      fetch: authority({
        par: () => Response.json({ error: 'invalid_client', error_description: 'jwt expired' }, { status: 401 }),
      }),
    });
    expect(report.client).toMatchObject({
      outcome: 'clock',
      status: 401,
      error: 'invalid_client',
      description: 'jwt expired',
    });
    expect(report.findings[0]?.code).toBe('clock-refused');
    expect(formatDoctorReport(report, 'nb')).toContain(
      'Godtar klienten: NEI – avvist på grunn av klokken (HTTP 401, invalid_client) «jwt expired»',
    );
  });

  it('discoveryAnswering503_isAnErrorAnswer_notUnreachable', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: 'x' }),
      fetch: authority({ discoveryStatus: 503 }),
    });
    expect(report.findings[0]).toEqual({ code: 'authority-error', blocking: true });
    expect(formatDoctorReport(report, 'en')).toContain(
      'HelseID: http://127.0.0.1:4000 (embedded test environment) — ANSWERED WITH AN ERROR (HTTP 503)',
    );
  });

  it('onlyAnExpiredCard_isBlocking_andSaysOrderANewCardFromBuypass_withTheLocalDate', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: 'x' }),
      cardSnapshot: async () => snapshotWith(eva),
    });
    expect(report.findings[0]).toEqual({
      code: 'card-expired-on',
      blocking: true,
      detail: { holder: 'Eva Utløpt', issuer: 'Buypass', date: '31.01.2026' },
    });
    expect(loginCannotWork(report)).toBe(true);
    const nb = formatDoctorReport(report, 'nb');
    expect(nb).toContain('✗ Kortet er utløpt: Kortet til Eva Utløpt gikk ut 31.01.2026.');
    expect(nb).toContain('Gjør dette: Bestill nytt kort fra Buypass.');
    expect(nb).toContain('Eva Utløpt (Eva) — Buypass test, UTLØPT, gyldig til 31.01.2026\n'); // no PIN state on a card that cannot log in
  });

  it('anExpiredCardBesideAGoodOne_isAWarning_notBlocking', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: 'x' }),
      cardSnapshot: async () => snapshotWith(kari, eva),
    });
    expect(report.findings.find((f) => f.code === 'card-expired-on')?.blocking).toBe(false);
    expect(loginCannotWork(report)).toBe(false);
  });

  it('invalidConfig_isAFindingWithFileAndField_andCardsAreStillListed', async () => {
    const report = await build({
      cardSnapshot: async (c) => (c === undefined ? snapshotWith(kari) : { modules: [], readers: [], cards: [] }),
      loadConfig: async () => {
        throw new AppError('invalid-config', {
          detail: { file: '/etc/c.json', field: 'apis[0].resource', problem: 'expected a non-empty string', issues: 2 },
        });
      },
    });
    expect(report.configuration).toEqual({
      valid: false,
      error: {
        code: 'invalid-config',
        file: '/etc/c.json',
        field: 'apis[0].resource',
        problem: 'expected a non-empty string',
        issues: 2,
      },
    });
    expect(report.cards).toHaveLength(1);
    expect(report.findings[0]).toEqual({
      code: 'config-field-invalid',
      blocking: true,
      detail: { file: '/etc/c.json', field: 'apis[0].resource', problem: 'expected a non-empty string' },
    });
    expect(formatDoctorReport(report, 'nb')).toContain(
      '✗ Feil i oppsettet: I /etc/c.json er feltet apis[0].resource feil: forventet en tekst som ikke er tom.',
    );
    expect(formatDoctorReport(report, 'en')).toContain(
      '  /etc/c.json: apis[0].resource: expected a non-empty string (and 1 more)',
    );
  });

  it('lastError_showsLocalTimeAndTheAuthoritysDescription_forIT', async () => {
    const at = new Date(2026, 2, 2, 9, 5).getTime();
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: 'x' }),
      lastError: {
        code: 'authority-error',
        at,
        detail: { operation: 'par', error: 'invalid_request', status: 400, description: 'resource not allowed' },
      },
    });
    expect(formatDoctorReport(report, 'nb')).toContain(
      'Siste feil brukeren så: HelseID avviste forespørselen (02.03.2026 09:05) — authority-error, invalid_request, HTTP 400, par «resource not allowed»',
    );
  });

  it('lastError_aSetupRefusal_namesSelvbetjeningsAnswer_notAsAnHttpStatus', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: 'x' }),
      lastError: { code: 'setup-declined', at: Date.now(), detail: { client_id: 'c-1', status: 'Cancelled' } },
    });
    const nb = formatDoctorReport(report, 'nb');
    expect(nb).toContain('Oppsettet ble avvist');
    expect(nb).toContain('setup-declined, «Cancelled»');
    expect(nb).not.toContain('HTTP Cancelled');
  });

  it('oneLanguagePerReport_noEnglishStateWordsInTheNorwegianOne', async () => {
    const report = await build({
      loadConfig: async () => ({ config: configWithKey(goodKey), source: 'embedded environment' }),
      cardSnapshot: async () => snapshotWith(kari, eva),
    });
    const nb = formatDoctorReport(report, 'nb');
    expect(nb).toContain('Oppsett: i orden (kilde: innebygd testmiljø (ingen konfigurasjonsfil))');
    expect(nb).toContain('lastet: /usr/lib/libiidp11.so');
    expect(nb).toContain('Kari Nordmann (Kari) — Buypass test, gyldig til 01.01.2029, PIN: få forsøk igjen');
    for (const english of ['loaded', 'missing /', 'expired', '(embedded)', 'state ', 'valid to', 'T10:00:00'])
      expect(nb, english).not.toContain(english);
  });

  it('norwegianReport_saysTheCliSourceTheNetworkProblemAndTheClockInNorwegian_whenHelseIdDoesNotAnswer', async () => {
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const report = await build({
      loadConfig: async () => ({
        config: configWithKey(goodKey),
        source: 'embedded environment (/repo/.state/env/environment.json)',
      }),
      fetch: refused,
    });
    const nb = formatDoctorReport(report, 'nb');
    expect(nb).toContain(
      'Oppsett: i orden (kilde: innebygd testmiljø (ingen konfigurasjonsfil) — /repo/.state/env/environment.json)',
    );
    expect(nb).toContain('— SVARER IKKE — tilkoblingen feilet (ECONNREFUSED)');
    expect(nb).toContain('Klokke: ukjent (HelseID svarte ikke)');
    expect(nb).toMatch(/^Funn – innlogging virker ikke før dette er rettet:\n {2}✗ HelseID svarer ikke: /m);
    for (const english of ['embedded environment', 'connection failed', 'Date-header', 'Date header'])
      expect(nb, english).not.toContain(english);
    expect(formatDoctorReport(report, 'en')).toContain('— NOT REACHABLE — connection failed (ECONNREFUSED)');
  });
});
