// A fresh state folder for one test file's embedded environment, holding a copy of the state made
// once for this run (test/support/environment-template.ts): the environment then starts in
// milliseconds instead of seconds, on state no other file touches. Outside a run that made the
// template (a project without the global setup), the folder is empty and the environment makes
// its own state, as before.
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { TEMPLATE_FAILED, TEMPLATE_READY } from './environment-template.ts';

/** Making the template takes a few seconds on a quiet machine; a loaded one took 15. */
const TEMPLATE_WAIT_MS = 120_000;

/** mkdtemp(tmpdir()/prefix…), with the run's environment state copied in. */
export async function seededStateDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const template = inject('environmentTemplate');
  if (!template) return dir;
  await templateMade(path.dirname(template));
  await cp(template, dir, { recursive: true });
  return dir;
}

async function templateMade(folder: string): Promise<void> {
  const deadline = Date.now() + TEMPLATE_WAIT_MS;
  for (;;) {
    if (existsSync(path.join(folder, TEMPLATE_READY))) return;
    if (existsSync(path.join(folder, TEMPLATE_FAILED)))
      throw new Error(
        `making the environment state for this run failed:\n${await readFile(path.join(folder, TEMPLATE_FAILED), 'utf8')}`,
      );
    if (Date.now() > deadline) throw new Error(`the environment state for this run (${folder}) was not made in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
