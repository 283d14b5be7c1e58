// Bundles the three processes with esbuild into dist/:
//   dist/main/main.js        ESM, Node platform (Electron main; pkcs11js and koffi stay native externals)
//   dist/main/card-module-process.js  one PKCS#11 module's process (src/main/card/module-process-location.ts)
//   dist/preload/preload.cjs CommonJS: sandboxed preloads cannot be ESM
//   dist/renderer/           the sandboxed UI (index.html, renderer.js, renderer.css)
//   dist/preview/bridge.js   the preview's stand-in for the preload (never packaged)
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = (p: string) => path.join(root, 'dist', p);
const src = (p: string) => path.join(root, p);

export async function buildAll(options: { quiet?: boolean } = {}): Promise<void> {
  await rm(out(''), { recursive: true, force: true });
  const common = {
    bundle: true,
    sourcemap: true,
    logLevel: options.quiet ? ('error' as const) : ('info' as const),
    legalComments: 'none' as const,
  };
  const mainEntries = {
    main: src('src/main/app/main.ts'),
    'card-module-process': src('src/main/card/module-process/main.ts'),
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: mainEntries,
      outdir: out('main'),
      platform: 'node',
      format: 'esm',
      target: 'node24',
      external: ['electron', 'pkcs11js', 'koffi', 'electron-store'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
    build({
      ...common,
      entryPoints: [src('src/preload/preload.ts')],
      outfile: out('preload/preload.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      external: ['electron'],
    }),
    build({
      ...common,
      entryPoints: { renderer: src('src/renderer/main.tsx') },
      outdir: out('renderer'),
      platform: 'browser',
      format: 'esm',
      target: 'chrome140',
      jsx: 'automatic',
      jsxImportSource: 'preact',
    }),
    build({
      ...common,
      entryPoints: [src('scripts/preview-bridge.ts')],
      outfile: out('preview/bridge.js'),
      platform: 'browser',
      format: 'iife',
      target: 'chrome140',
    }),
  ]);
  await mkdir(out('renderer'), { recursive: true });
  await copyFile(src('src/renderer/index.html'), out('renderer/index.html'));
  await copyFile(src('src/renderer/styles.css'), out('renderer/renderer.css'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
}
