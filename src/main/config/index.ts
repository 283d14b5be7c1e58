// Public surface of the configuration module.
export { configSchema, KNOWN_ISSUERS, type HelseIdConfig, type ApiConfig, type ConfigFileInput } from './config-schema.ts';
export { configFilePath, CONFIG_PATH_ENV } from './config-path.ts';
export { loadConfigFile, parseConfigText, type LoadedConfig } from './load-config.ts';
export { configFromEnvironmentInfo, type EnvironmentInfo } from './environment-default.ts';
