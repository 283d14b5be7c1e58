// Where PKCS#11 modules live per OS. Probed paths that do not exist are skipped silently;
// configured paths that do not exist are reported as 'missing'. Commfides middleware paths are
// UNCONFIRMED (SMARTCARD.md), so they come from configuration only.
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export function knownModulePaths(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  switch (platform) {
    case 'win32': {
      const pf = env['ProgramFiles'] ?? 'C:\\Program Files';
      const pf86 = env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)';
      return [
        win32.join(pf, 'Net iD', 'iidp11.dll'),
        win32.join(pf86, 'Net iD', 'iidp11.dll'),
        win32.join(pf, 'OpenSC Project', 'OpenSC', 'pkcs11', 'opensc-pkcs11.dll'),
        'C:\\SoftHSM2\\lib\\softhsm2-x64.dll',
      ];
    }
    case 'darwin':
      return [
        '/usr/local/lib/libiidp11.dylib',
        '/Library/OpenSC/lib/opensc-pkcs11.so',
        '/opt/homebrew/lib/softhsm/libsofthsm2.so',
        '/usr/local/lib/softhsm/libsofthsm2.so',
      ];
    default:
      return [
        '/usr/lib/libiidp11.so',
        '/usr/lib64/libiidp11.so',
        '/usr/local/lib/libiidp11.so',
        join(homedir(), '.iid', 'lib', 'libiidp11.so'),
        '/usr/lib/softhsm/libsofthsm2.so',
        '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
        '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
      ];
  }
}

export interface ModuleCandidate {
  readonly path: string;
  readonly exists: boolean;
}

/**
 * Configured paths first (always listed), then probed ones that exist; each module once. "Once" is
 * by real path: a library reached through two symlinks is one library in this process, and two
 * module processes over it would finalise each other (Debian links softhsm under two directories).
 */
export function moduleCandidates(
  configured: readonly string[],
  probeDefaults: boolean,
  exists: (path: string) => boolean = existsSync,
  realPath: (path: string) => string = realPathOrSelf,
): ModuleCandidate[] {
  const seen = new Set<string>();
  const result: ModuleCandidate[] = [];
  const add = (path: string, present: boolean) => {
    const key = present ? realPath(path) : path;
    if (seen.has(key)) return;
    seen.add(key);
    result.push({ path, exists: present });
  };
  for (const path of configured) add(path, exists(path));
  if (probeDefaults) for (const path of knownModulePaths()) if (exists(path)) add(path, true);
  return result;
}

function realPathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
