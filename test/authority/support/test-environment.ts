// Starts the embedded environment in-process on a fresh temp state folder for one test file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEnvironment, type EmbeddedEnvironment } from '../../../authority/environment.ts';

export interface TestEnvironment extends EmbeddedEnvironment {
  stateDir: string;
  logLines: string[];
  api(name: string): { name: string; resource: string; scopes: string[]; url: string };
  stop(): Promise<void>;
}

export async function startTestEnvironment(): Promise<TestEnvironment> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-env-test-'));
  const logLines: string[] = [];
  const env = await startEnvironment({ stateDir, log: (line) => logLines.push(line) });
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
