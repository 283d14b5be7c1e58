// The default folder of the key store, per OS and per scope. "account": the user's own profile (one
// client per OS account). "installation": a machine-wide folder IT protects (one client per machine).
// HELSEID_DESKTOP_STATE_DIR moves the account folder (tests, a developer's second environment);
// `provisioning.key_store.folder` in the configuration wins over both.
import os from 'node:os';
import path from 'node:path';

export const STATE_DIR_ENV = 'HELSEID_DESKTOP_STATE_DIR';
/** the OS-protected store's file in the key store folder (src/main/app/safe-storage-key-store.ts) */
export const OS_STORE_NAME = 'helseid-client.bin';

export function keyStoreFolder(
  options: { folder?: string | undefined; scope: 'account' | 'installation' },
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = os.homedir(),
): string {
  if (options.folder) return options.folder;
  if (options.scope === 'installation') {
    if (platform === 'win32')
      return path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'HelseID Desktop', 'client');
    if (platform === 'darwin') return '/Library/Application Support/HelseID Desktop/client';
    return '/var/lib/helseid-desktop';
  }
  const override = env[STATE_DIR_ENV]?.trim();
  if (override) return override;
  if (platform === 'win32')
    return path.win32.join(env['LOCALAPPDATA'] ?? path.win32.join(home, 'AppData', 'Local'), 'HelseID Desktop');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'HelseID Desktop');
  return path.join(env['XDG_STATE_HOME'] || path.join(home, '.local', 'state'), 'helseid-desktop');
}
