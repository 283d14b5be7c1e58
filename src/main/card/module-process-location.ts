// Where the module process's entry file is — the one place to change when the app is bundled.
// - From source (tests, CLI on Node 24): ./module-process/main.ts.
// - Bundled (dist/main/main.js): esbuild emits it as its own entry, dist/main/card-module-process.js.
// - Packaged: electron-builder unpacks that file (asarUnpack) because the module process is started
//   from a real file, next to the unpacked native pkcs11js module it loads. It runs as a child
//   process (module-process-handle.ts forks it; Electron runs it as Node via ELECTRON_RUN_AS_NODE).
const bundled = !import.meta.url.endsWith('.ts');
const url = new URL(bundled ? './card-module-process.js' : './module-process/main.ts', import.meta.url);

export const MODULE_PROCESS_URL: URL = bundled ? new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/')) : url;
