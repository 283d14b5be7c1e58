// `helseid-desktop key status` and `helseid-desktop key renew`: the installation's key as IT sees it
// (where it lives, how it is protected, kid, age, expiry, the renewal's state — never the key) and a
// renewal now, whether or not it is due.
import { AppError } from '../../../shared/errors/app-error.ts';
import { formatDateTime } from '../../../shared/format-date.ts';
import { keyRingFor } from '../../provisioning/installation.ts';
import { renewKey } from '../../provisioning/key-renewal.ts';
import { keyStatus } from '../../provisioning/key-status.ts';
import { printJson, type CommandContext } from '../context.ts';
import { formatKeyStatus, KEY_LABELS } from '../../diagnostics/key-status-text.ts';
import { UsageError } from '../usage.ts';

export async function keyCommand(ctx: CommandContext, action: string | undefined): Promise<number> {
  if (action !== 'status' && action !== 'renew')
    throw new UsageError(
      action === undefined ? 'key needs "status" or "renew"' : `unknown key action "${action.slice(0, 20)}"`,
      'key',
    );
  const { config, source } = await ctx.resolveConfig();
  if (!config.provisioning) throw new AppError('provisioning-not-configured', { detail: { source } });
  const keyRing = keyRingFor(config, { env: ctx.io.env })!;
  if (action === 'renew') {
    const before = await keyRing.client();
    if (!before || before.state === 'draft') throw new AppError('workstation-not-set-up');
    const outcome = await renewKey({ config, keyRing, log: () => {} }, { force: true });
    const report = {
      client_id: outcome.clientId,
      renewed: outcome.renewed,
      old_kid: before.current.kid,
      kid: outcome.kid,
      expires_at: outcome.expiresAt === undefined ? null : new Date(outcome.expiresAt).toISOString(),
    };
    if (ctx.json) printJson(ctx.io, report);
    else {
      const t = KEY_LABELS[ctx.language];
      // one sentence: the labels (capitalised where they start a line of `key status`) in lower case
      const word = (label: string) => label.charAt(0).toLocaleLowerCase(ctx.language) + label.slice(1);
      ctx.io.stdout.write(
        `${outcome.renewed ? t.renewedNow : t.notDue}: ${word(t.client)} ${report.client_id}, ${word(t.kid)} ${t.from} ${report.old_kid} ${t.to} ${report.kid}; ${word(t.expires)} ${outcome.expiresAt === undefined ? t.unknown : formatDateTime(outcome.expiresAt)}\n`,
      );
    }
    return 0;
  }
  const status = keyStatus(await keyRing.document(), keyRing.store.describe(), config.provisioning.renewal, Date.now());
  if (ctx.json) printJson(ctx.io, status);
  else ctx.io.stdout.write(formatKeyStatus(status, ctx.language));
  return status.client && !status.client.expired ? 0 : 1;
}
