// Public surface of the configuration module.
export {
  configSchema,
  hasClient,
  KNOWN_ISSUERS,
  type HelseIdConfig,
  type ApiConfig,
  type BaseConfig,
  type ClientIdentity,
  type ConfigFile,
  type ConfigFileInput,
} from './config-schema.ts';
export { KNOWN_SELVBETJENING, type ProvisioningConfig } from './provisioning-schema.ts';
export { configFilePath, CONFIG_PATH_ENV } from './config-path.ts';
export { loadConfigFile, parseConfigText, type LoadedConfig } from './load-config.ts';
export {
  configFromEnvironmentInfo,
  provisioningConfigFromEnvironmentInfo,
  PROVISIONING_ENV,
  type EnvironmentInfo,
} from './environment-default.ts';
export { resolveConfig, type ResolvedConfig } from './resolve-config.ts';
export { embeddedEnvironmentFromEnv, EMBEDDED_ENVIRONMENT_ENV } from './embedded-environment.ts';
