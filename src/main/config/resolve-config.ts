// Which configuration the app runs on: the machine-wide file when there is one; else the embedded
// environment that `npm start`, `npm run preview` and the tests hand over in an environment variable
// (as a workstation that sets itself up, with HELSEID_DESKTOP_PROVISIONING=1); else none.
import { AppError } from '../../shared/errors/app-error.ts';
import type { ConfigFile } from './config-schema.ts';
import { configFilePath } from './config-path.ts';
import { embeddedEnvironmentFromEnv } from './embedded-environment.ts';
import {
  configFromEnvironmentInfo,
  PROVISIONING_ENV,
  provisioningConfigFromEnvironmentInfo,
} from './environment-default.ts';
import { loadConfigFile } from './load-config.ts';

export interface ResolvedConfig {
  readonly config: ConfigFile;
  /** the file's path, or which embedded environment */
  readonly source: string;
}

export async function resolveConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ResolvedConfig> {
  const file = configFilePath(process.platform, env);
  const loaded = await loadConfigFile(file);
  if (loaded.source === 'file') return { config: loaded.config, source: loaded.path };
  const info = embeddedEnvironmentFromEnv(env);
  if (info?.selvbetjening && env[PROVISIONING_ENV] === '1')
    return { config: provisioningConfigFromEnvironmentInfo(info), source: 'embedded environment (provisioning)' };
  if (info) return { config: configFromEnvironmentInfo(info), source: 'embedded environment' };
  throw new AppError('no-configuration', { detail: { file } });
}
