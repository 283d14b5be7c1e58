// The machine-wide configuration file: a good file, broken JSON, wrong fields (the message names the
// file, the field path and what is expected), a missing file (embedded default), the per-OS path.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import {
  configFilePath,
  configFromEnvironmentInfo,
  loadConfigFile,
  parseConfigText,
} from '../../../src/main/config/index.ts';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'helseid-config-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

const good = {
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
    {
      name: 'kjernejournal',
      resource: 'nhn:kjernejournal',
      scopes: ['nhn:kjernejournal/tillitsrammeverk'],
      base_url: 'https://kj.example.no',
      tillitsrammeverk: true,
    },
  ],
  organizations: [{ number: '999999999', name: 'Legekontoret avd. 2' }],
  card_removal: 'lock',
  redirect: { host: '127.0.0.1', port: { from: 50000, to: 50010 } },
};

function problems(input: unknown): string[] {
  try {
    parseConfigText(JSON.stringify(input), '/etc/helseid-desktop/config.json');
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid-config');
    return (err as AppError).message.split('\n');
  }
  return [];
}

describe('configuration file', () => {
  it('goodFile_isAcceptedWithDefaultsFilledIn', async () => {
    const file = path.join(dir, 'good.json');
    await writeFile(file, `\uFEFF${JSON.stringify(good)}`);
    const loaded = await loadConfigFile(file);
    expect(loaded.source).toBe('file');
    if (loaded.source !== 'file') return;
    expect(loaded.config.acr_values.buypass).toBe('idp:buypass-oidc bp:amr:sc');
    expect(loaded.config.assertion_details_claim).toBe('assertion_details');
    expect(loaded.config.apis[0]!.tillitsrammeverk).toBe(false);
    expect(loaded.config.apis[1]!.tillitsrammeverk).toBe(true);
    expect(loaded.config.card_removal).toBe('lock');
  });

  it('brokenJson_namesTheFileWithoutQuotingItsContent', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{"client": {"client_id": "secret-looking-value",');
    const err = (await loadConfigFile(file).catch((e: unknown) => e)) as AppError;
    expect(err).toMatchObject({
      code: 'invalid-config',
      detail: { file, problem: 'expected valid JSON', line: 1, column: 49 },
    });
    expect((err as AppError).message).not.toContain('secret-looking-value');
  });

  it('brokenJson_namesTheLineAndColumnAnEditorShows_evenAfterABomAndWindowsLineEnds', async () => {
    const file = path.join(dir, 'broken-crlf.json');
    // line 3 has a comma too many before the closing brace: the parser stops at the brace (column 3)
    await writeFile(file, '\uFEFF{\r\n  "card_removal": "lock",\r\n  }\r\n');
    const err = (await loadConfigFile(file).catch((e: unknown) => e)) as AppError;
    expect(err.detail).toMatchObject({ line: 3, column: 3, problem: 'expected valid JSON' });
    expect(err.message).toBe('broken-crlf.json: line 3, column 3: expected valid JSON');
  });

  it('aFifoInPlaceOfTheFile_isRefusedAtOnce_insteadOfHangingStartUp', async () => {
    const file = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [file]);
    const err = (await loadConfigFile(file).catch((e: unknown) => e)) as AppError;
    expect(err.detail).toEqual({ file, problem: 'expected a file, not a named pipe (FIFO)', issues: 1 });
  });

  it('aFolderInPlaceOfTheFile_saysSo_notCannotBeRead', async () => {
    const folder = path.join(dir, 'folder.json');
    await mkdir(folder);
    const err = (await loadConfigFile(folder).catch((e: unknown) => e)) as AppError;
    expect(err.detail?.['problem']).toBe('expected a file, not a folder');
  });

  it('wrongField_messageNamesFileFieldPathAndExpectation', () => {
    const apis = [good.apis[0], { ...good.apis[1], resource: '' }];
    expect(problems({ ...good, apis })).toEqual(['config.json: apis[1].resource: expected a non-empty string']);
  });

  it('severalProblems_areAllReported_firstOneInDetail', () => {
    const lines = problems({
      ...good,
      card_removal: 'explode',
      typo_field: 1,
      client: { client_id: 5 },
      redirect: { port: 70000 },
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        'config.json: card_removal: expected "logout" or "lock"',
        'config.json: typo_field: unknown field (check the spelling)',
        'config.json: client.client_id: expected a non-empty string',
        'config.json: client.private_jwk_path: missing: expected a non-empty string',
      ]),
    );
    expect(lines.some((l) => l.startsWith('config.json: redirect.port:'))).toBe(true);
  });

  it('knownEnvironment_withAnotherIssuer_isRefused', () => {
    expect(problems({ ...good, authority: { kind: 'helseid-prod', issuer: 'https://evil.example' } })[0]).toMatch(
      /^config\.json: authority\.issuer: expected the issuer of that HelseID environment/,
    );
  });

  it('plainHttp_isAllowedOnlyOnLoopback', () => {
    expect(problems({ ...good, authority: { kind: 'custom', issuer: 'http://helseid.example' } })[0]).toBe(
      'config.json: authority.issuer: expected an https URL (http only on 127.0.0.1)',
    );
    expect(problems({ ...good, authority: { kind: 'embedded', issuer: 'http://127.0.0.1:4000' } })).toEqual([]);
  });

  it('missingFile_meansEmbeddedDefault_builtFromEnvironmentInfo', async () => {
    const loaded = await loadConfigFile(path.join(dir, 'nope.json'));
    expect(loaded.source).toBe('missing');
    const config = configFromEnvironmentInfo({
      authority: 'http://127.0.0.1:4567',
      apis: [
        {
          name: 'person',
          resource: 'nhn:helseid-desktop/person-api',
          scopes: ['nhn:helseid-desktop/person-api/read'],
          url: 'http://127.0.0.1:4568',
        },
      ],
      clients: [{ client_id: 'helseid-desktop-embedded', private_jwk_path: '/tmp/k.json' }],
      pkcs11_module: '/usr/lib/softhsm/libsofthsm2.so',
    });
    expect(config.authority).toEqual({ kind: 'embedded', issuer: 'http://127.0.0.1:4567' });
    expect(config.apis[0]).toMatchObject({ name: 'person', base_url: 'http://127.0.0.1:4568', machine: false });
    expect(config.pkcs11_modules).toEqual(['/usr/lib/softhsm/libsofthsm2.so']);
    expect(config.redirect).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it('embeddedEnvironment_usesExactlyItsOwnCardModules_neverMiddlewareProbedElsewhereOnTheMachine', () => {
    const info = {
      authority: 'http://127.0.0.1:4567',
      apis: [],
      clients: [{ client_id: 'helseid-desktop-embedded', private_jwk_path: '/tmp/k.json' }],
      pkcs11_module: '/usr/lib/softhsm/libsofthsm2.so',
    };
    // another test's (or a real) PC/SC card seen through a probed OpenSC would join the card list
    expect(configFromEnvironmentInfo(info)).toMatchObject({
      pkcs11_modules: ['/usr/lib/softhsm/libsofthsm2.so'],
      pkcs11_probe_known_paths: false,
    });
    expect(
      configFromEnvironmentInfo({ ...info, pcsc_module: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so' }).pkcs11_modules,
    ).toEqual(['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so']);
    // a clinic's file keeps probing unless IT switches it off
    expect(parseConfigText(JSON.stringify(good), '/etc/helseid-desktop/config.json').pkcs11_probe_known_paths).toBe(
      true,
    );
    expect(problems({ ...good, pkcs11_probe_known_paths: 'no' })[0]).toBe(
      'config.json: pkcs11_probe_known_paths: expected true or false',
    );
  });

  it('configPath_perOs_andEnvironmentOverride', () => {
    expect(configFilePath('win32', { ProgramData: 'D:\\PD' })).toBe('D:\\PD\\HelseID Desktop\\config.json');
    expect(configFilePath('linux', {})).toBe('/etc/helseid-desktop/config.json');
    expect(configFilePath('darwin', {})).toBe('/Library/Application Support/HelseID Desktop/config.json');
    expect(configFilePath('linux', { HELSEID_DESKTOP_CONFIG: '/tmp/x.json' })).toBe('/tmp/x.json');
  });
});
