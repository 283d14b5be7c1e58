// electron-builder cannot build installers offline, but it validates its configuration offline:
// these tests run its own schema check on electron-builder.yml, and our product rules on top.
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, options: object | null): Promise<Record<string, unknown>>;
  validateConfiguration(config: object, logger: object): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => object };

// electron-builder's own loader reads the file, so what we check is what it would build from.
async function loadConfig() {
  return (await getConfig(root, path.join(root, 'electron-builder.yml'), null)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

// electron-builder's loader and schema take seconds on a loaded 2-core machine (5.1 s seen).
describe('electron-builder.yml', { timeout: 60_000 }, () => {
  it('builderConfig_passesElectronBuildersOwnSchema', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builderConfig_withUnknownKey_isRejected', async () => {
    const config = { ...(await loadConfig()), notAnOption: true };
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('windowsInstallers_arePerMachineNsisAndMsi', async () => {
    const config = await loadConfig();
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis', 'msi']);
    expect(config.nsis.perMachine).toBe(true);
    expect(config.msi.perMachine).toBe(true);
  });

  it('linuxPackages_areDebAndAppImage', async () => {
    const config = await loadConfig();
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['deb', 'AppImage']);
  });

  it('pkcs11js_isUnpackedFromTheAsar_andTheEmulatorIsNeverPackaged', async () => {
    const config = await loadConfig();
    expect(config.asarUnpack).toContain('node_modules/pkcs11js/**');
    // electron-builder normalises `files` to [{ filter: [...] }]
    const patterns: string[] = config.files.flatMap((entry: string | { filter: string[] }) =>
      typeof entry === 'string' ? [entry] : entry.filter,
    );
    expect(patterns).toContain('!authority/**');
    expect(patterns.some((f) => /^(authority|test|scripts|bench)\b/.test(f))).toBe(false);
  });

  it('productionFuses_turnOffRunAsNodeAndFriends', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
});
