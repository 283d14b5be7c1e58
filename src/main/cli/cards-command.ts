// `helseid-desktop cards`: the card service's snapshot (modules, readers, cards), as text or --json.
import type { CardSnapshot } from '../../shared/card-types.ts';
import { isAppError } from '../../shared/errors/app-error.ts';
import { cliCardService } from './card-setup.ts';
import type { CliConfig } from './cli-config.ts';
import { printJson, type CommandContext } from './context.ts';
import { formatCards } from './cards-output.ts';

export async function cardsCommand(ctx: CommandContext): Promise<number> {
  // cards can be listed without a configuration: the known module locations are probed anyway
  const resolved: CliConfig | undefined = await ctx.resolveConfig().catch((err: unknown) => {
    if (isAppError(err) && err.code === 'no-configuration') return undefined;
    throw err;
  });
  const cards = cliCardService(resolved?.config, ctx.io.env, resolved?.softhsm2Conf, () => {});
  let snapshot: CardSnapshot;
  try {
    await cards.start();
    snapshot = cards.snapshot();
  } finally {
    await cards.stop();
  }
  if (ctx.json) {
    printJson(ctx.io, snapshot);
    return 0;
  }
  ctx.io.stdout.write(formatCards(snapshot, ctx.language));
  return 0;
}
