// npm start: builds the app, starts the embedded HelseID environment (unless a configuration file
// is in place) and launches the real Electron app against it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildAll } from './build.ts';
import { ELECTRON_MISSING, electronBinary } from './electron-binary.ts';
import { startEmbeddedForApp } from './embedded.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const binary = electronBinary(root);
if (!binary) {
  console.error(ELECTRON_MISSING);
  process.exit(1);
}
await buildAll({ quiet: true });
const embedded = await startEmbeddedForApp(root);
const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, ...embedded.env } });
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', async (code) => {
  await embedded.close();
  process.exit(code ?? 0);
});
