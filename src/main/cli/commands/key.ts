// `helseid-desktop key status` and `helseid-desktop key renew`: the installation's key as IT sees it
// (where it lives, how it is protected, kid, age, expiry, the renewal's state — never the key) and a
// renewal now, whether or not it is due.
import { AppError } from '../../../shared/errors/app-error.ts';
import { errorText, type Language } from '../../../shared/errors/error-texts.ts';
import { formatDateTime } from '../../../shared/format-date.ts';
import { keyRingFor } from '../../provisioning/installation.ts';
import { renewKey } from '../../provisioning/key-renewal.ts';
import { keyStatus, type KeyStatus } from '../../provisioning/key-status.ts';
import { printJson, type CommandContext } from '../context.ts';
import { KEY_LABELS, named } from '../provisioning-texts.ts';
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
      ctx.io.stdout.write(
        `${outcome.renewed ? t.renewedNow : t.notDue}: ${t.client} ${report.client_id}, ${t.kid} ${t.from} ${report.old_kid} ${t.to} ${report.kid}; ${t.expires} ${outcome.expiresAt === undefined ? t.unknown : formatDateTime(outcome.expiresAt)}\n`,
      );
    }
    return 0;
  }
  const status = keyStatus(await keyRing.document(), keyRing.store.describe(), config.provisioning.renewal, Date.now());
  if (ctx.json) printJson(ctx.io, status);
  else ctx.io.stdout.write(formatKeyStatus(status, ctx.language));
  return status.client && !status.client.expired ? 0 : 1;
}

export function formatKeyStatus(s: KeyStatus, language: Language): string {
  const t = KEY_LABELS[language];
  const out = [
    `${t.store}: ${s.store.location}`,
    `  ${t.protection}: ${named(t.protectionName, s.store.protection)}`,
    `  ${t.scope}: ${named(t.scopeName, s.store.scope)}`,
  ];
  const c = s.client;
  if (!c) out.push(t.notSetUp);
  else {
    out.push(`${t.client}: ${c.clientId} (${t.state}: ${named(t.clientState, c.state)})`);
    out.push(`${t.kid}: ${c.kid}`);
    out.push(`${t.created}: ${formatDateTime(c.createdAt)} (${t.age} ${c.ageDays} ${t.days})`);
    out.push(
      `${t.keyExpires}: ${c.expiresAt ? formatDateTime(c.expiresAt) : t.unknown}${c.expired ? ` — ${t.expired}` : ''}`,
    );
    if (c.renewFrom) out.push(`${t.dueAt}: ${formatDateTime(c.renewFrom)}`);
    out.push(`${t.renewed}: ${c.lastRenewedAt ? formatDateTime(c.lastRenewedAt) : t.never}`);
    if (c.nextKid) out.push(`${t.nextKey}: ${c.nextKid}`);
    if (c.lastRenewalError) {
      const e = c.lastRenewalError;
      out.push(
        `${t.lastError}: ${errorText(e.code, language, { step: e.step }).title} (${formatDateTime(e.at)}; ${c.renewalFailures} ${t.failures}) — ${e.code}, ${e.step}`,
      );
    }
  }
  out.push(`${t.abandoned}:`);
  out.push(
    ...(s.abandonedDrafts.length === 0
      ? [`  ${t.none}`]
      : s.abandonedDrafts.map((d) => `  ${d.clientId} — ${d.reason} (${formatDateTime(d.at)})`)),
  );
  return `${out.join('\n')}\n`;
}
