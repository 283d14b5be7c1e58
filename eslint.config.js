// Lint rules, and the process-layer rules that make a wrong import fail the build.
// Layers (README "Architecture"): shared ← main, preload, renderer. authority/ is a dev tool and
// never packaged, so nothing under src/ may import it; and the emulator imports nothing from the
// app (they share no protocol code, so a bug in one cannot hide the same bug in the other). Only src/main/app/** and files named
// electron-*.ts talk to `electron`; everything else runs in plain Node and is tested there.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import mainLayers from './eslint-rules/main-layers.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (paths, patterns) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

const noAuthority = { group: ['**/authority/**'], message: 'authority/ is a development tool and is never packaged.' };
const notRendererOrPreload = {
  group: ['**/renderer/**', '**/preload/**'],
  message: 'main does not import renderer or preload code.',
};
const pkcs11OnlyInModuleProcess = {
  name: 'pkcs11js',
  message:
    'Only src/main/card/module-process/ loads PKCS#11 (its own child process): a card call here would freeze the app.',
};
const koffiOnlyInPcsc = {
  name: 'koffi',
  message: 'Only src/main/card/pcsc/ loads koffi (the PC/SC binding); everything else takes the watcher it exposes.',
};
const electronOnlyInShell = {
  name: 'electron',
  message: 'Only src/main/app/** and electron-*.ts adapters import electron; take what you need as a parameter.',
};

export const layerRules = [
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      [
        ...nodeBuiltins.map((name) => ({ name, message: 'src/shared is pure TypeScript: no Node.' })),
        { name: 'electron', message: 'src/shared is pure TypeScript.' },
      ],
      [
        {
          group: ['**/main/**', '**/renderer/**', '**/preload/**'],
          message: 'src/shared imports nothing from other layers.',
        },
        noAuthority,
      ],
    ),
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: restrict(
      [
        ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is sandboxed: no Node.' })),
        { name: 'electron', message: 'The renderer talks to main only through the preload API (window.helseid).' },
      ],
      [
        { group: ['**/main/**', '**/preload/**'], message: 'The renderer imports only src/shared and UI libraries.' },
        noAuthority,
      ],
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      [],
      [
        { group: ['**/main/**', '**/renderer/**'], message: 'The preload exposes the contract from src/shared only.' },
        noAuthority,
      ],
    ),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/app/**', 'src/main/**/electron-*.ts'],
    rules: restrict(
      [electronOnlyInShell, pkcs11OnlyInModuleProcess, koffiOnlyInPcsc],
      [notRendererOrPreload, noAuthority],
    ),
  },
  {
    files: ['src/main/app/**/*.ts', 'src/main/**/electron-*.ts'],
    rules: restrict([pkcs11OnlyInModuleProcess, koffiOnlyInPcsc], [notRendererOrPreload, noAuthority]),
  },
  {
    // one child process per PKCS#11 module: the only files that load it (src/main/card/README.md)
    files: ['src/main/card/module-process/**/*.ts'],
    rules: restrict([electronOnlyInShell, koffiOnlyInPcsc], [notRendererOrPreload, noAuthority]),
  },
  {
    // the PC/SC binding (koffi): main side, but never a card command and never PKCS#11
    files: ['src/main/card/pcsc/**/*.ts'],
    rules: restrict([electronOnlyInShell, pkcs11OnlyInModuleProcess], [notRendererOrPreload, noAuthority]),
  },
  {
    // each folder of src/main imports only the folders below it (eslint-rules/main-layers.js)
    files: ['src/main/**/*.ts'],
    plugins: { local: { rules: { 'main-layers': mainLayers } } },
    rules: { 'local/main-layers': 'error' },
  },
  {
    files: ['authority/**/*.ts'],
    rules: restrict(
      [],
      [
        {
          group: ['**/src/**'],
          message: 'authority/ (the emulator) and src/ (the app) share no code: give the emulator its own.',
        },
      ],
    ),
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', '.state/**', '.preview/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Prettier (npm run format) wraps code at 120; it leaves strings, comments and regexes alone,
      // so this rule names what it cannot fix: a comment to wrap, or code it was not run on.
      'max-len': [
        'error',
        {
          code: 120,
          comments: 160,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Node keeps a composite signal with a time-out in it forever once it is passed to another
    // AbortSignal.any() (src/main/auth/linked-signal.ts says how; found by the soak benchmark).
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'AbortSignal',
          property: 'any',
          message: 'Use linkSignals() from src/main/auth/linked-signal.ts: nested AbortSignal.any() leaks in Node.',
        },
      ],
    },
  },
  ...layerRules,
);
