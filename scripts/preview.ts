// npm run preview: the app without Electron — the real main-process services and the real renderer
// in Debian's Chromium, against the embedded HelseID environment and its virtual cards.
// With a display, Chromium opens a window; without one (or with --headless) it runs headless and
// saves a screenshot of the app to .preview/app.png whenever the view changes.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.ts';
import { startEmbeddedForApp } from './embedded.ts';
import { CARD_COMMANDS_HELP, listenForCardCommands } from './preview-cards.ts';
import { startPreviewApp } from './preview-app.ts';
import { isSetupError } from '../src/main/services/start-app-services.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const log = (line: string) => process.stderr.write(`[preview] ${line}\n`);

await buildAll({ quiet: true });
const embedded = await startEmbeddedForApp(root);
const app = await startPreviewApp({ root, headless, env: { ...process.env, ...embedded.env }, log });
console.log(
  `HelseID Desktop preview: ${app.appUrl} against ${isSetupError(app.started) ? 'a configuration with errors' : app.started.authority}`,
);
if (embedded.info) {
  embedded.info.cards.forEach((card, i) =>
    console.log(`  ${i + 1}. virtual card "${card.token_label}" — ${card.holder}, PIN ${card.pin}`),
  );
  // pulling and inserting a card from this terminal (card-out ends or locks the session)
  console.log(CARD_COMMANDS_HELP.join('\n'));
}
const reader = embedded.info ? await listenForCardCommands(embedded.info, (line) => console.log(line)) : undefined;

if (headless) {
  const shots = path.join(root, '.preview');
  await mkdir(shots, { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  const shoot = () =>
    void app.appPage.screenshot({ path: path.join(shots, 'app.png'), fullPage: true }).catch(() => {});
  app.started.controller.onView(() => {
    clearTimeout(timer);
    timer = setTimeout(shoot, 300);
  });
  setTimeout(shoot, 500);
  console.log(
    `No display: Chromium runs headless; screenshots go to ${path.relative(root, shots)}/app.png. Ctrl-C stops.`,
  );
} else {
  console.log('Ctrl-C stops the preview.');
}

const stop = async () => {
  await reader?.close();
  await app.close();
  await embedded.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
app.browser.on('disconnected', () => void stop());
