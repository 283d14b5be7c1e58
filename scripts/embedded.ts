// Starts the embedded HelseID environment for `npm start` / `npm run preview`, unless the machine
// has a configuration file, and tells the app where it is through HELSEID_DESKTOP_ENVIRONMENT.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startEnvironment } from '../authority/environment.ts';
import type { EnvironmentInfo } from '../authority/environment.ts';
import { configFilePath } from '../src/main/config/index.ts';
import { EMBEDDED_ENVIRONMENT_ENV } from '../src/main/config/embedded-environment.ts';

/**
 * What the app process needs to find a running embedded environment and its SoftHSM cards — not the
 * test cards' PINs or their holders' national id numbers: the app reads neither, and nothing of that
 * kind goes into an environment variable (the terminal prints the PINs for the person trying it).
 */
export function appEnvFor(info: EnvironmentInfo): Record<string, string> {
  const cards = info.cards.map(({ token_label, holder, issuer }) => ({ token_label, holder, issuer }));
  return { [EMBEDDED_ENVIRONMENT_ENV]: JSON.stringify({ ...info, cards }), SOFTHSM2_CONF: info.softhsm2_conf };
}

export async function startEmbeddedForApp(
  root: string,
  log: (line: string) => void = (line) => process.stderr.write(`[env] ${line}\n`),
) {
  const configured = configFilePath();
  if (existsSync(configured)) {
    log(`using the configuration at ${configured}; not starting the embedded environment`);
    return { env: {} as Record<string, string>, info: undefined, close: async () => {} };
  }
  const environment = await startEnvironment({ stateDir: path.join(root, '.state', 'env'), log });
  return {
    env: appEnvFor(environment.info),
    info: environment.info,
    close: () => environment.close(),
  };
}
