// Start-up: chooses the window's mode once, up front, from the configuration and the client it
// finds — the whole app, "Sett opp denne arbeidsstasjonen" (a provisioning configuration without a
// client yet) or "Feil i oppsettet" (a configuration or key the app cannot use: it names the file,
// the field and what is expected, instead of ending start-up in silence).
import { isAppError } from '../../shared/errors/app-error.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { resolveConfig } from '../config/index.ts';
import { memoryPreferences } from '../controller/memory-preferences.ts';
import { importClientKey, readClientJwk } from '../keys/client-key.ts';
import { keyRingFor, runnableClient } from '../provisioning/installation.ts';
import { keyStoreChoice, type AppPorts, type AppServices } from './app-services.ts';
import { buildAppServices, createAppServices } from './create-app-services.ts';
import { createSetupErrorServices, SETUP_ERROR_CODES, type SetupErrorServices } from './setup-error-services.ts';
import { createWorkstationSetupServices, type WorkstationSetupServices } from './workstation-setup-services.ts';

export type StartedServices = AppServices | SetupErrorServices | WorkstationSetupServices;

export function isSetupError(services: StartedServices): services is SetupErrorServices {
  return services.mode === 'setup-error';
}

export function isWorkstationSetup(services: StartedServices): services is WorkstationSetupServices {
  return services.mode === 'workstation-setup';
}

export async function startAppServices(ports: AppPorts): Promise<StartedServices> {
  // one preferences store for the set-up screen and the app it leads to (the language carries over)
  if (!ports.preferences) ports = { ...ports, preferences: memoryPreferences() };
  const env = ports.env ?? process.env;
  const setupErrorPorts = {
    env,
    ...(ports.osKeyStore ? { osKeyStore: ports.osKeyStore } : {}),
    ...(ports.log ? { log: ports.log } : {}),
    ...(ports.preferences ? { preferences: ports.preferences } : {}),
    ...(ports.appVersion ? { appVersion: ports.appVersion } : {}),
    ...(ports.copyText ? { copyText: ports.copyText } : {}),
  };
  let found;
  try {
    const { config: fileConfig, source } = await resolveConfig(env);
    const keyRing = keyRingFor(fileConfig, keyStoreChoice(ports));
    const runnable = await runnableClient(fileConfig, keyRing);
    // a client made by hand: its key file is read now, so that a missing or unsafe one opens
    // "Feil i oppsettet" naming the finding, instead of a card list whose every login fails
    const keyFile = fileConfig.client?.private_jwk_path;
    if (keyFile !== undefined) await importClientKey(await readClientJwk(keyFile), keyFile);
    found = { fileConfig, source, keyRing, runnable };
  } catch (error) {
    if (!isAppError(error) || !SETUP_ERROR_CODES.includes(error.code)) throw error;
    return createSetupErrorServices(error, setupErrorPorts);
  }
  const { fileConfig, keyRing, runnable } = found;
  if (runnable !== undefined)
    return buildAppServices(ports, { ...found, runnable }).catch((error: unknown) => {
      if (!isAppError(error) || !SETUP_ERROR_CODES.includes(error.code)) throw error;
      return createSetupErrorServices(error, setupErrorPorts);
    });
  if (!keyRing) return createSetupErrorServices(new AppError('workstation-not-set-up'), setupErrorPorts);
  return createWorkstationSetupServices({
    config: fileConfig,
    keyRing,
    openExternal: ports.openExternal,
    createApp: () => createAppServices(ports),
    ...(ports.fetch ? { fetch: ports.fetch } : {}),
    ...setupErrorPorts,
  });
}
