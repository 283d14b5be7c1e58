// `helseid-desktop key status` and `helseid-desktop key renew`: the installation's key as IT sees it
// (where it lives, how it is protected, kid, age, expiry, the renewal's state — never the key) and a
// renewal now, whether or not it is due.
import { AppError } from '../../../shared/errors/app-error.ts';
import type { Language } from '../../../shared/errors/error-texts.ts';
import { keyRingFor } from '../../provisioning/installation.ts';
import { renewKey } from '../../provisioning/key-renewal.ts';
import { keyStatus, type KeyStatus } from '../../provisioning/key-status.ts';
import { printJson, type CommandContext } from '../context.ts';
import { KEY_LABELS } from '../provisioning-texts.ts';
import { UsageError } from '../usage.ts';

export async function keyCommand(ctx: CommandContext, action: string | undefined): Promise<number> {
  if (action !== 'status' && action !== 'renew') throw new UsageError(action === undefined ? 'key needs "status" or "renew"' : `unknown key action "${action.slice(0, 20)}"`, 'key');
  const { config, source } = await ctx.resolveConfig();
  if (!config.provisioning) throw new AppError('provisioning-not-configured', { detail: { source } });
  const keyRing = keyRingFor(config, { env: ctx.io.env })!;
  if (action === 'renew') {
    const before = await keyRing.client();
    if (!before || before.state === 'draft') throw new AppError('workstation-not-set-up');
    const outcome = await renewKey({ config, keyRing, log: () => {} }, { force: true });
    const report = { client_id: outcome.clientId, renewed: outcome.renewed, old_kid: before.current.kid, kid: outcome.kid, expires_at: outcome.expiresAt === undefined ? null : new Date(outcome.expiresAt).toISOString() };
    if (ctx.json) printJson(ctx.io, report);
    else {
      const t = KEY_LABELS[ctx.language];
      ctx.io.stdout.write(`${outcome.renewed ? t.renewedNow : t.notDue}: ${t.client} ${report.client_id}, ${t.kid} ${t.from} ${report.old_kid} ${t.to} ${report.kid}; ${t.expires} ${report.expires_at ?? t.unknown}\n`);
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
  const out = [`${t.store}: ${s.store.location} (${t.protection}: ${s.store.protection}, ${t.scope}: ${s.store.scope})`];
  const c = s.client;
  if (!c) out.push(t.notSetUp);
  else {
    out.push(`${t.client}: ${c.clientId} (${t.state}: ${c.state})`);
    out.push(`${t.kid}: ${c.kid}`);
    out.push(`${t.created}: ${c.createdAt} (${t.age} ${c.ageDays} ${t.days})`);
    out.push(`${t.expires}: ${c.expiresAt ?? t.unknown}${c.expired ? ' — EXPIRED' : ''}`);
    if (c.renewFrom) out.push(`${t.dueAt}: ${c.renewFrom}`);
    out.push(`${t.renewed}: ${c.lastRenewedAt ?? t.never}`);
    if (c.nextKid) out.push(`${t.nextKey}: ${c.nextKid}`);
    if (c.lastRenewalError) out.push(`${t.lastError}: ${c.lastRenewalError.code} (${c.lastRenewalError.step}, ${c.lastRenewalError.at}; ${c.renewalFailures}×)`);
  }
  out.push(`${t.abandoned}:`);
  out.push(...(s.abandonedDrafts.length === 0 ? [`  ${t.none}`] : s.abandonedDrafts.map((d) => `  ${d.clientId} — ${d.reason} (${d.at})`)));
  return `${out.join('\n')}\n`;
}
