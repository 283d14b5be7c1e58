// The process layers are enforced by ESLint (eslint.config.js). These tests lint deliberate
// cross-layer imports as if they were files in each layer, so a weakened rule fails CI. The
// emulator (authority/) and the app (src/) must never import each other: besides the lint rule, every
// real file of both trees is scanned, so an `eslint-disable` or a dynamic import cannot slip through.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

const LAYER_RULES = new Set(['no-restricted-imports', 'local/main-layers']);

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => LAYER_RULES.has(m.ruleId ?? '')).map((m) => m.message);
}

// The first lint loads the typed ESLint configuration (seconds on a loaded 2-core machine).
describe('layer rules', { timeout: 60_000 }, () => {
  it.each([
    ['src/renderer/bad.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n"],
    ['src/renderer/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    [
      'src/renderer/bad.tsx',
      "import { AppController } from '../main/controller/app-controller.ts';\nexport const x = AppController;\n",
    ],
    ['src/shared/bad.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n"],
    ['src/shared/bad.ts', "import { getBridge } from '../renderer/bridge.ts';\nexport const x = getBridge;\n"],
    ['src/main/auth/bad.ts', "import { shell } from 'electron';\nexport const x = shell;\n"],
    ['src/main/card/bad.ts', "import { App } from '../../renderer/app.tsx';\nexport const x = App;\n"],
    [
      'src/main/config/bad.ts',
      "import { startEnvironment } from '../../../authority/environment.ts';\nexport const x = startEnvironment;\n",
    ],
    [
      'src/preload/bad.ts',
      "import { createIpcRouter } from '../main/ipc/ipc-router.ts';\nexport const x = createIpcRouter;\n",
    ],
    [
      'authority/interactions/bad.ts',
      "import { maskPid } from '../../src/main/auth/user-claims.ts';\nexport const x = maskPid;\n",
    ],
    ['authority/cards/bad.ts', "import { x509 } from '../../src/main/card/common/x509.ts';\nexport const x = x509;\n"],
    // inside src/main: a folder imports only the folders below it (eslint-rules/main-layers.js)
    ['src/main/keys/bad.ts', "import { createSession } from '../auth/session.ts';\nexport const x = createSession;\n"],
    ['src/main/auth/bad.ts', "import { x } from '../services/start-app-services.ts';\nexport const y = x;\n"],
    ['src/main/auth/bad.ts', "import { x } from '../provisioning/installation.ts';\nexport const y = x;\n"],
    ['src/main/controller/bad.ts', "import type { X } from '../auth/helseid-client.ts';\nexport type Y = X;\n"],
    ['src/main/config/bad.ts', "export { resolveConfig } from '../services/start-app-services.ts';\n"],
    ['src/main/diagnostics/bad.ts', "const x = await import('../cli/main.ts');\nexport const y = x;\n"],
    ['src/main/services/bad.ts', "import { x } from '../cli/main.ts';\nexport const y = x;\n"],
    ['src/main/ipc/bad.ts', "import { x } from '../services/mode-router.ts';\nexport const y = x;\n"],
    ['src/main/newfolder/bad.ts', 'export const y = 1;\n'],
    // card: the module process is the only place that loads PKCS#11; main side and it meet only in common/
    ['src/main/card/bad.ts', "import { pkcs11js } from 'pkcs11js';\nexport const x = pkcs11js;\n"],
    ['src/main/auth/bad.ts', "import * as p from 'pkcs11js';\nexport const x = p;\n"],
    [
      'src/main/card/bad.ts',
      "import { SlotWatcher } from './module-process/slot-watcher.ts';\nexport const x = SlotWatcher;\n",
    ],
    ['src/main/card/common/bad.ts', "import { x } from '../pkcs11-card-service.ts';\nexport const y = x;\n"],
    ['src/main/card/module-process/bad.ts', "import { x } from '../pkcs11-card-service.ts';\nexport const y = x;\n"],
    ['authority/bad.ts', "export { AppError } from '../src/shared/errors/app-error.ts';\n"],
  ])('crossLayerImport_in_%s_failsTheBuild (%#)', async (file, code) => {
    expect(await violations(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/main/app/ok.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/main/ipc/electron-ok.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    [
      'src/renderer/ok.ts',
      "import { errorText } from '../shared/errors/error-texts.ts';\nexport const x = errorText;\n",
    ],
    ['src/main/auth/ok.ts', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n"],
    [
      'src/main/auth/ok.ts',
      "import { x } from '../keys/client-key.ts';\nimport { y } from '../dpop/dpop-nonces.ts';\nexport const z = [x, y];\n",
    ],
    ['src/main/services/ok.ts', "import { x } from '../diagnostics/diagnostics.ts';\nexport const y = x;\n"],
    [
      'src/main/card/module-process/ok.ts',
      "import { pkcs11js } from 'pkcs11js';\nimport { x509 } from '../common/x509.ts';\nexport const x = [pkcs11js, x509];\n",
    ],
    ['src/main/card/ok.ts', "import { x509 } from './common/x509.ts';\nexport const x = x509;\n"],
    [
      'authority/provider/ok.ts',
      "import { decodeJwt } from 'jose';\nimport { ROUTES } from './create-provider.ts';\nexport const x = [decodeJwt, ROUTES];\n",
    ],
  ])('allowedImport_in_%s_passes (%#)', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});

/** Every module specifier in a file: static imports and re-exports, `import('…')`, `require('…')`. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g))
    found.push(m[1]!);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Files in `from` whose imports resolve into `into` (as "file → specifier"). */
function crossings(from: string, into: string): string[] {
  const target = path.join(root, into) + path.sep;
  return sourceFiles(from).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.') && path.resolve(path.dirname(file), s).startsWith(target))
      .map((s) => `${path.relative(root, file)} → ${s}`),
  );
}

describe('the emulator and the app share no code', () => {
  it('specifierScan_findsStaticDynamicAndRequireImports', () => {
    expect(
      specifiers(
        "import { a } from '../x.ts';\nexport * from \"./y.ts\";\nconst z = await import('../../src/z.ts');\nimport './side.ts';\nrequire('./c.cjs');",
      ),
    ).toEqual(['../x.ts', './y.ts', '../../src/z.ts', './side.ts', './c.cjs']);
  });

  it('noFileUnderAuthority_importsFromSrc', () => {
    expect(sourceFiles('authority').length).toBeGreaterThan(20);
    expect(crossings('authority', 'src')).toEqual([]);
  });

  it('noFileUnderSrc_importsFromAuthority', () => {
    expect(sourceFiles('src').length).toBeGreaterThan(20);
    expect(crossings('src', 'authority')).toEqual([]);
  });
});

/** Relative imports of every file under src/main, resolved: file → the files it imports. */
function mainImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles('src/main')) {
    const targets = specifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => path.resolve(path.dirname(file), s))
      .filter((t) => t.startsWith(path.join(root, 'src', 'main') + path.sep));
    graph.set(file, targets);
  }
  return graph;
}

/** Import cycles among files, each as the files around it (a depth-first search). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).map((f) => path.relative(root, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('src/main has layers and no cycles', () => {
  it('cycleSearch_findsACircleOfThreeFiles', () => {
    const [a, b, c] = ['/x/a.ts', '/x/b.ts', '/x/c.ts'];
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, [a]],
        ]),
      ).length,
    ).toBe(1);
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, []],
        ]),
      ),
    ).toEqual([]);
  });

  it('noImportCycle_amongTheFilesOfSrcMain', () => {
    const graph = mainImportGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual([]);
  });

  it('onlyTheModuleProcess_loadsPkcs11js_evenThroughRequire', () => {
    const loaders = sourceFiles('src')
      .filter((file) => specifiers(readFileSync(file, 'utf8')).includes('pkcs11js'))
      .map((file) => path.relative(root, file));
    expect(loaders.length).toBeGreaterThan(0);
    expect(
      loaders.filter((file) => !file.startsWith(path.join('src', 'main', 'card', 'module-process') + path.sep)),
    ).toEqual([]);
  });
});
