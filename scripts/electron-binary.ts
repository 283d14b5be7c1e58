// Finds the Electron binary, downloading it the way Electron ≥ 42 does (on first use), and says in
// one sentence what to do when that cannot work (no internet, as on the build machines).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ELECTRON_MISSING =
  'The Electron binary is missing and could not be downloaded (this machine has no internet access): run `npm run preview` to use the app in Chromium instead, or run `npx install-electron` on a machine with internet.';

export function electronBinary(root: string): string | undefined {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  const resolve = () => {
    if (!existsSync(pathFile)) return undefined;
    const full = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(full) ? full : undefined;
  };
  const found = resolve();
  if (found) return found;
  // Not there yet: let Electron's own installer fetch it (quiet; it fails fast without network).
  const result = spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 10 * 60_000 });
  return result.status === 0 ? resolve() : undefined;
}
