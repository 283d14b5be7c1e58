// Where the key lives and how it is protected, in words IT understands (doctor, `key status`, the
// app's diagnostics) — and the command line's refusal to open an OS-protected key: it names the file
// and says what to do (use the app; or protection "file"), in both languages.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatKeyStatus } from '../../../src/main/diagnostics/key-status-text.ts';
import { parseConfigText } from '../../../src/main/config/index.ts';
import { keyStoreFor } from '../../../src/main/provisioning/installation.ts';
import type { KeyStatus } from '../../../src/main/provisioning/key-status.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';

const config = parseConfigText(
  JSON.stringify({
    authority: { kind: 'helseid-test', issuer: 'https://helseid-sts.test.nhn.no' },
    apis: [
      { name: 'person', resource: 'nhn:person', scopes: ['nhn:person/read'], base_url: 'https://person.example.no' },
    ],
    provisioning: {
      selvbetjening: { kind: 'test' },
      api_key_path: 'C:\\ProgramData\\HelseID Desktop\\api-key.txt',
      organization_number: '912345678',
    },
  }),
  'config.json',
);

const status = (protection: string, scope = 'account'): KeyStatus => ({
  store: { protection, location: 'C:\\Users\\kari\\AppData\\Local\\HelseID Desktop\\helseid-client.bin', scope },
  client: {
    clientId: 'c-1',
    state: 'ready',
    kid: 'k1',
    createdAt: '2026-01-01T00:00:00.000Z',
    ageDays: 3,
    expired: false,
    renewalFailures: 0,
  },
  abandonedDrafts: [],
});

describe('key store in words', () => {
  it.each([
    ['dpapi', 'Windows Data Protection (DPAPI) for this Windows user', 'Windows databeskyttelse (DPAPI)'],
    ['keychain', 'macOS Keychain', 'macOS-nøkkelringen'],
    ['gnome_libsecret', 'GNOME Keyring (Secret Service/libsecret)', 'GNOME-nøkkelringen (Secret Service/libsecret)'],
    ['kwallet6', 'KDE Wallet 6', 'KDE Wallet 6'],
    ['basic_text', 'NOT protected', 'IKKE beskyttet'],
    ['file', 'a file only this user account can read', 'fil som bare denne brukerkontoen kan lese'],
  ])('protection %s_isSaidInWords_inBothLanguages_withThePlainValueToSearchFor', (protection, en, nb) => {
    const english = formatKeyStatus(status(protection), 'en');
    const norsk = formatKeyStatus(status(protection), 'nb');
    expect(english).toContain(`Protection: `);
    expect(english).toContain(en);
    expect(norsk).toContain(nb);
    for (const text of [english, norsk]) {
      expect(text).toContain(`[${protection}]`);
      expect(text).not.toMatch(new RegExp(`: ${protection}\\b`)); // never the bare value after a label
    }
  });

  it('scopeAndState_areWords_andAnUnknownBackendIsShownAsItIs', () => {
    const text = formatKeyStatus(status('some_new_backend', 'installation'), 'en');
    expect(text).toContain('Scope: one client for the whole machine [installation]');
    expect(text).toContain('State: in use (HelseID knows the client) [ready]');
    expect(text).toContain('Protection: some_new_backend');
    expect(formatKeyStatus(status('dpapi'), 'nb')).toContain('Omfang: én klient per brukerkonto [account]');
  });
});

describe('an OS-protected key outside the app (CLI, preview)', () => {
  it('protectionOs_nothingStoredYet_doesNotClaimTheKeyLiesInAFileThatDoesNotExist', async () => {
    const store = keyStoreFor(config.provisioning!, {
      platform: 'linux',
      env: { HELSEID_DESKTOP_STATE_DIR: '/home/kari/.local/state/helseid-desktop' },
    });
    expect(store.describe()).toEqual({
      protection: 'os',
      location: '/home/kari/.local/state/helseid-desktop/helseid-client.bin',
      scope: 'account',
    });
    const err = await store.read().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'key-store-app-only-empty',
      detail: { file: '/home/kari/.local/state/helseid-desktop/helseid-client.bin', protection: 'os' },
    });
    const nb = errorText('key-store-app-only-empty', 'nb', (err as AppError).detail);
    expect(nb.what).toMatch(/ikke satt opp ennå.*helseid-client\.bin, som ikke finnes ennå/);
    expect(nb.what).not.toMatch(/ligger i/);
    expect(nb.todo).toMatch(/«Sett opp denne arbeidsstasjonen».*provisioning\.key_store\.protection til «file»/);
  });

  it('protectionOs_withoutTheApp_refusesNamingTheFile_andSaysUseTheAppOrProtectionFile', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'helseid-os-store-'));
    const file = path.join(folder, 'helseid-client.bin');
    await writeFile(file, 'encrypted by the OS for another process', { mode: 0o600 });
    const store = keyStoreFor(config.provisioning!, { platform: 'linux', env: { HELSEID_DESKTOP_STATE_DIR: folder } });
    const err = await store.read().catch((e: unknown) => e);
    await rm(folder, { recursive: true, force: true });
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'key-store-app-only', detail: { file, protection: 'os' } });
    const en = errorText('key-store-app-only', 'en', (err as AppError).detail);
    expect(en.what).toContain(file);
    expect(en.what).toContain('The command line cannot open it');
    expect(en.todo).toMatch(
      /Open HelseID Desktop as that user.*"Troubleshooting" shows the key.*provisioning\.key_store\.protection to "file"/,
    );
    const nb = errorText('key-store-app-only', 'nb', (err as AppError).detail);
    expect(nb.todo).toMatch(
      /Åpne HelseID Desktop som den brukeren.*«Feilsøking» viser nøkkelens status.*provisioning\.key_store\.protection til «file»/,
    );
  });
});
