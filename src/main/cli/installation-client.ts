// The client a CLI command logs in as (src/main/provisioning/installation.ts): the configured one,
// or the one `setup` made, its key from the key store. Without one yet: "run setup".
import { AppError } from '../../shared/errors/app-error.ts';
import { keyRingFor, runnableClient, type RunnableClient } from '../provisioning/installation.ts';
import type { CliConfig } from './cli-config.ts';

export async function cliRunnableClient(
  cli: CliConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunnableClient & { readonly softhsm2Conf?: string }> {
  const runnable = await runnableClient(cli.config, keyRingFor(cli.config, { env }));
  if (runnable === undefined) throw new AppError('workstation-not-set-up', { detail: { source: cli.source } });
  return { ...runnable, ...(cli.softhsm2Conf ? { softhsm2Conf: cli.softhsm2Conf } : {}) };
}
