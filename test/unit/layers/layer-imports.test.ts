// The process layers are enforced by ESLint (eslint.config.js). These tests lint deliberate
// cross-layer imports as if they were files in each layer, so a weakened rule fails CI.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// The first lint loads the typed ESLint configuration (seconds on a loaded 2-core machine).
describe('layer rules', { timeout: 60_000 }, () => {
  it.each([
    ['src/renderer/bad.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n"],
    ['src/renderer/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['src/renderer/bad.tsx', "import { AppController } from '../main/controller/app-controller.ts';\nexport const x = AppController;\n"],
    ['src/shared/bad.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n"],
    ['src/shared/bad.ts', "import { getBridge } from '../renderer/bridge.ts';\nexport const x = getBridge;\n"],
    ['src/main/auth/bad.ts', "import { shell } from 'electron';\nexport const x = shell;\n"],
    ['src/main/card/bad.ts', "import { App } from '../../renderer/app.tsx';\nexport const x = App;\n"],
    ['src/main/config/bad.ts', "import { startEnvironment } from '../../../authority/environment.ts';\nexport const x = startEnvironment;\n"],
    ['src/preload/bad.ts', "import { createIpcRouter } from '../main/ipc/ipc-router.ts';\nexport const x = createIpcRouter;\n"],
  ])('crossLayerImport_in_%s_failsTheBuild (%#)', async (file, code) => {
    expect(await violations(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/main/app/ok.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/main/ipc/electron-ok.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    ['src/renderer/ok.ts', "import { errorText } from '../shared/errors/error-texts.ts';\nexport const x = errorText;\n"],
    ['src/main/auth/ok.ts', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n"],
  ])('allowedImport_in_%s_passes (%#)', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
