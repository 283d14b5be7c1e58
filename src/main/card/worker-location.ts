// Where the PKCS#11 worker's entry file is — the one place to change when the app is bundled.
// - From source (tests, CLI on Node 24): ./pkcs11-worker.ts beside this file.
// - Bundled (dist/main/main.js): esbuild emits the worker as its own entry, dist/main/pkcs11-worker.js.
// - Packaged: electron-builder unpacks that file (asarUnpack) because the module process is started
//   from a real file, next to the unpacked native pkcs11js module it loads. It runs as a child
//   process (module-worker.ts forks it; Electron runs it as Node via ELECTRON_RUN_AS_NODE).
const bundled = !import.meta.url.endsWith('.ts');
const url = new URL(bundled ? './pkcs11-worker.js' : './pkcs11-worker.ts', import.meta.url);

export const PKCS11_WORKER_URL: URL = bundled ? new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/')) : url;
