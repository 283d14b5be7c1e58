// Starts the embedded environment in-process on a fresh temp state folder for one test file.
// STRICT by default (rules.ts STRICT_RULES): our own clients must send the strict forms. Tests that
// play a client written from NHN's documents (typ JWT …) start with `{ rules: HELSEID_RULES }` or
// call `env.rules.set(HELSEID_RULES)`.
import { rm } from 'node:fs/promises';
import { startEnvironment, type EmbeddedEnvironment, type StartOptions } from '../../../authority/environment.ts';
import { STRICT_RULES } from '../../../authority/rules.ts';
import { seededStateDir } from '../../support/seeded-state.ts';
import { desktopClient, type DesktopClient } from './desktop-client.ts';

export interface TestEnvironment extends EmbeddedEnvironment {
  stateDir: string;
  logLines: string[];
  api(name: string): { name: string; resource: string; scopes: string[]; url: string };
  stop(): Promise<void>;
}

export type TestEnvironmentOptions = Pick<StartOptions, 'rules' | 'issuerPath' | 'faults'>;

export async function startTestEnvironment(options: TestEnvironmentOptions = {}): Promise<TestEnvironment> {
  const stateDir = await seededStateDir('helseid-env-test-');
  const logLines: string[] = [];
  const env = await startEnvironment({ rules: STRICT_RULES, ...options, stateDir, log: (line) => logLines.push(line) });
  return {
    ...env,
    stateDir,
    logLines,
    api(name) {
      const api = env.info.apis.find((a) => a.name === name);
      if (!api) throw new Error(`the environment has no ${name} API`);
      return api;
    },
    async stop() {
      await env.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * The usual start of a test file: the environment and the desktop app's client registered in it.
 * If the client cannot be set up, the environment is stopped here (the caller never got it to stop).
 */
export async function startDesktopEnvironment(
  options: TestEnvironmentOptions = {},
): Promise<{ env: TestEnvironment; desktop: DesktopClient }> {
  const env = await startTestEnvironment(options);
  try {
    return { env, desktop: await desktopClient(env.info) };
  } catch (err) {
    await env.stop();
    throw err;
  }
}
