// `helseid-desktop doctor`: the troubleshooting report, as text or --json. Exit 1 when a login cannot
// work (configuration, client key, authority or client refused, no usable card); printed either way.
import { buildDoctorReport, formatDoctorReport, loginCannotWork } from '../diagnostics/doctor-report.ts';
import { appVersion } from './app-version.ts';
import { cliCardService } from './card-setup.ts';
import { printJson, type CommandContext } from './context.ts';

export async function doctorCommand(ctx: CommandContext): Promise<number> {
  let softhsm2Conf: string | undefined;
  const report = await buildDoctorReport({
    appVersion: appVersion(),
    language: ctx.language,
    loadConfig: async () => {
      const resolved = await ctx.resolveConfig();
      softhsm2Conf = resolved.softhsm2Conf;
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
  });
  if (ctx.json) printJson(ctx.io, report);
  else ctx.io.stdout.write(formatDoctorReport(report, ctx.language));
  return loginCannotWork(report) ? 1 : 0;
}
