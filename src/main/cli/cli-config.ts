// Where the command line gets its configuration: the same places as the app (machine file, then
// the HELSEID_DESKTOP_ENVIRONMENT variable), with `--env-json` in front and, last, the state file of
// a running `npm run env` in this project. Errors are AppError('invalid-config') naming file and field.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ZodError } from 'zod';
import { AppError } from '../../shared/errors/app-error.ts';
import {
  configFilePath,
  configFromEnvironmentInfo,
  loadConfigFile,
  PROVISIONING_ENV,
  provisioningConfigFromEnvironmentInfo,
  type ConfigFile,
  type EnvironmentInfo,
} from '../config/index.ts';
import { fieldPath } from '../config/load-config.ts';
import { EMBEDDED_ENVIRONMENT_ENV, embeddedEnvironmentFromEnv } from '../config/embedded-environment.ts';
import { keyRingFor, recordMatches } from '../provisioning/installation.ts';
import { readFirstLine } from './first-line.ts';

export interface CliConfig {
  /** `client` or `provisioning`; src/main/provisioning/installation.ts turns it into the client to log in as */
  readonly config: ConfigFile;
  /** where it came from, for the doctor report and error messages */
  readonly source: string;
  /** the embedded environment's SoftHSM configuration (its virtual cards), when it came from one */
  readonly softhsm2Conf?: string;
}

export interface CliConfigInput {
  readonly envJson?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: Readable;
  /** `.state/env/environment.json` of this project; a test passes its own */
  readonly stateFile?: string;
  /**
   * The embedded environment as a workstation that sets itself up through its Selvbetjening
   * (`setup`, `key`; or HELSEID_DESKTOP_PROVISIONING=1) instead of its ready-made client.
   */
  readonly provisioning?: boolean;
}

/** Written by `npm run env` (see report: a change in authority/cli.ts) — read only if it exists. */
export const DEFAULT_STATE_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../.state/env/environment.json',
);

export async function resolveCliConfig(input: CliConfigInput): Promise<CliConfig> {
  if (input.envJson !== undefined) {
    const name = input.envJson === '-' ? '(stdin)' : input.envJson;
    const line = await readFirstLine(input.envJson, input.stdin).catch((err: unknown) => {
      throw invalid(name, '(file)', `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    });
    const info = parseInfo(line, name);
    return fromInfo(info, `environment JSON ${name}`, await wantsProvisioning(input, info));
  }
  const file = configFilePath(process.platform, input.env);
  const loaded = await loadConfigFile(file);
  if (loaded.source === 'file') return { config: loaded.config, source: loaded.path };
  const fromEnv = embeddedEnvironmentFromEnv(input.env);
  if (fromEnv)
    return fromInfo(
      fromEnv,
      `embedded environment (${EMBEDDED_ENVIRONMENT_ENV})`,
      await wantsProvisioning(input, fromEnv),
    );
  const stateFile = input.stateFile ?? DEFAULT_STATE_FILE;
  if (existsSync(stateFile)) {
    const info = parseInfo(await readFile(stateFile, 'utf8'), stateFile);
    return fromInfo(info, `embedded environment (${stateFile})`, await wantsProvisioning(input, info));
  }
  throw new AppError('no-configuration', { detail: { file } });
}

function parseInfo(text: string, name: string): EnvironmentInfo {
  let info: unknown;
  try {
    info = JSON.parse(text.trim());
  } catch {
    throw invalid(name, '(file)', 'expected the JSON line `npm run env` prints');
  }
  if (!info || typeof info !== 'object' || typeof (info as { authority?: unknown }).authority !== 'string') {
    throw invalid(name, 'authority', 'expected the JSON line `npm run env` prints');
  }
  return info as EnvironmentInfo;
}

/**
 * Asked for (setup, key, HELSEID_DESKTOP_PROVISIONING=1), or this workstation was set up against
 * this embedded environment already: then `login` and `token` use the client `setup` made.
 */
async function wantsProvisioning(input: CliConfigInput, info: EnvironmentInfo): Promise<boolean> {
  if (input.provisioning === true || input.env[PROVISIONING_ENV] === '1') return true;
  if (info.selvbetjening === undefined) return false;
  try {
    const config = provisioningConfigFromEnvironmentInfo(info);
    const record = await keyRingFor(config, { env: input.env })?.client();
    return recordMatches(record, config) && record.state !== 'draft';
  } catch {
    return false; // no readable store: the ready-made client, as before
  }
}

function fromInfo(info: EnvironmentInfo, source: string, provisioning = false): CliConfig {
  let config: ConfigFile;
  try {
    if (provisioning && info.selvbetjening === undefined)
      throw invalid(source, 'selvbetjening', 'expected an embedded environment with a Selvbetjening (provisioning)');
    config = provisioning ? provisioningConfigFromEnvironmentInfo(info) : configFromEnvironmentInfo(info);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const issue = err instanceof ZodError ? err.issues[0] : undefined;
    throw invalid(
      source,
      issue ? fieldPath(issue) : '(value)',
      issue?.message ?? 'expected the JSON line `npm run env` prints',
    );
  }
  const conf = (info as { softhsm2_conf?: unknown }).softhsm2_conf;
  return { config, source, ...(typeof conf === 'string' ? { softhsm2Conf: conf } : {}) };
}

function invalid(file: string, field: string, problem: string): AppError {
  return new AppError('invalid-config', {
    message: `${file}: ${field}: ${problem}`,
    detail: { file, field, problem, issues: 1 },
  });
}
