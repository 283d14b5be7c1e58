// Where the PKCS#11 worker's entry file is — the one place to change when the app is bundled
// (esbuild emits the worker as its own entry point next to the main bundle).
export const PKCS11_WORKER_URL: URL = new URL('./pkcs11-worker.ts', import.meta.url);
