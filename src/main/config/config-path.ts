// Where IT puts the machine-wide configuration file on each OS. An environment variable overrides it
// (tests, a developer running several environments side by side).
import path from 'node:path';

export const CONFIG_PATH_ENV = 'HELSEID_DESKTOP_CONFIG';

export function configFilePath(
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const override = env[CONFIG_PATH_ENV]?.trim();
  if (override) return override;
  switch (platform) {
    case 'win32':
      return path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'HelseID Desktop', 'config.json');
    case 'darwin':
      return '/Library/Application Support/HelseID Desktop/config.json';
    default:
      return '/etc/helseid-desktop/config.json';
  }
}
