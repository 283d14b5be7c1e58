// `helseid-desktop cards`: the card service's snapshot (modules, readers, cards), as text or --json.
import type { CardSnapshot } from '../../shared/card-types.ts';
import { isAppError } from '../../shared/errors/app-error.ts';
import { cliCardService } from './card-setup.ts';
import type { CliConfig } from './cli-config.ts';
import { printJson, type CommandContext } from './context.ts';

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
  const nb = ctx.language === 'nb';
  const lines: string[] = [];
  for (const m of snapshot.modules) lines.push(`${nb ? 'modul' : 'module'} ${m.status}: ${m.path}${m.reason ? ` — ${m.reason}` : ''}`);
  if (snapshot.readers.length === 0) lines.push(nb ? 'Ingen kortlesere.' : 'No card readers.');
  for (const reader of snapshot.readers) {
    lines.push(`${nb ? 'leser' : 'reader'}: ${reader.label}${reader.pinPad ? ' (PIN pad)' : ''}`);
    const inReader = snapshot.cards.filter((c) => c.readerId === reader.id);
    if (inReader.length === 0) lines.push(`  ${nb ? '(tom)' : '(empty)'}`);
    for (const c of inReader) {
      lines.push(`  ${c.tokenLabel}: ${c.holderName} — ${c.issuerFamily}/${c.environment}, state ${c.state}, PIN ${c.pin}, valid to ${c.validTo || '–'}`);
    }
  }
  ctx.io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
