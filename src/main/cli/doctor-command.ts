// `helseid-desktop doctor`: the troubleshooting report, as text or --json. Exit 1 when a login cannot
// work (configuration, client key, authority or client refused, no usable card); printed either way.
import type { ConfigFile } from '../config/index.ts';
import { buildDiagnostics, diagnosticsLoginCannotWork, formatDiagnostics } from '../diagnostics/diagnostics.ts';
import { keyStatusNow } from '../diagnostics/key-status-now.ts';
import { appVersion } from './app-version.ts';
import { cliCardService } from './card-setup.ts';
import { printJson, type CommandContext } from './context.ts';

export async function doctorCommand(ctx: CommandContext): Promise<number> {
  let softhsm2Conf: string | undefined;
  let fileConfig: ConfigFile | undefined;
  const diagnostics = await buildDiagnostics({
    appVersion: appVersion(),
    language: ctx.language,
    loadConfig: async () => {
      const resolved = await ctx.resolveConfig();
      softhsm2Conf = resolved.softhsm2Conf;
      fileConfig = resolved.config;
      return resolved;
    },
    cardSnapshot: async (config) => {
      const cards = cliCardService(config, ctx.io.env, softhsm2Conf, () => {});
      try {
        await cards.start();
        return cards.snapshot();
      } finally {
        await cards.stop();
      }
    },
    // a provisioned client: where its key lives, how it is protected, kid, age, expiry, renewal — never the key
    keyStatus: () => keyStatusNow(fileConfig, { env: ctx.io.env }),
  });
  if (ctx.json)
    printJson(
      ctx.io,
      diagnostics.key === undefined ? diagnostics.report : { ...diagnostics.report, key: diagnostics.key },
    );
  else ctx.io.stdout.write(formatDiagnostics(diagnostics, ctx.language));
  return diagnosticsLoginCannotWork(diagnostics) ? 1 : 0;
}
