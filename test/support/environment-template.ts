// vitest globalSetup: the embedded environment's state (authority and client keys, test CAs, the
// SoftHSM virtual cards, the Selvbetjening's API key) made ONCE per test run, in the background,
// instead of once per test file. Making it costs several seconds (card keys, certificates, one
// SoftHSM tool run per card); copying it costs tens of milliseconds. Every test file still starts
// its own environment on its own copy (test/support/seeded-state.ts), so files share no state and
// may run side by side. The state is made by the real startEnvironment from an empty folder, as
// `npm run env` makes it; test/authority/cli.test.ts keeps testing that path from an empty state.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEnvironment } from '../../authority/environment.ts';

/** written into the template folder when it is complete */
export const TEMPLATE_READY = '.template-ready';
/** written instead when making it failed: the reason, for the test that waits for it */
export const TEMPLATE_FAILED = '.template-failed';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the folder holding the environment state made once for this run (absent in the unit project) */
    environmentTemplate: string;
  }
}

/**
 * One template per vitest process, however many projects list this setup: each project that has
 * files in the run calls it (a run of only the unit tests makes nothing), and the last one's
 * teardown removes the folder. Kept on globalThis: each project may load this module on its own.
 */
interface Template {
  folder: string;
  made: Promise<void>;
  users: number;
}
const shared = globalThis as typeof globalThis & { helseidEnvironmentTemplate?: Template };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.helseidEnvironmentTemplate ??= await makeTemplate();
  const template = shared.helseidEnvironmentTemplate;
  template.users += 1;
  project.provide('environmentTemplate', path.join(template.folder, 'state'));
  return async () => {
    template.users -= 1;
    if (template.users > 0) return;
    await template.made;
    await rm(template.folder, { recursive: true, force: true });
    shared.helseidEnvironmentTemplate = undefined;
  };
}

async function makeTemplate(): Promise<Template> {
  const folder = await mkdtemp(path.join(tmpdir(), 'helseid-template-'));
  // not awaited: other files run meanwhile; a file that needs the state waits for the marker
  const made = (async () => {
    try {
      const env = await startEnvironment({ stateDir: path.join(folder, 'state') });
      await env.close();
      await writeFile(path.join(folder, TEMPLATE_READY), '');
    } catch (error) {
      await writeFile(
        path.join(folder, TEMPLATE_FAILED),
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
    }
  })();
  return { folder, made, users: 0 };
}
