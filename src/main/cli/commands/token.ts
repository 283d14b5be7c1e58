// `helseid-desktop token --api NAME`: gets a machine API's token by client credentials (no login,
// no card) and prints what a support person needs to see — audience, scopes, expiry, the client and
// organization claims — never the token itself. The token is dropped before the command exits.
// Follows the other commands' shape (CommandContext in, exit code out); registered in ../main.ts.
import { AppError } from '../../../shared/errors/app-error.ts';
import type { MachineTokenInfo } from '../../../shared/session-types.ts';
import { createHelseIdClient } from '../../auth/helseid-client.ts';
import { printJson, type CommandContext } from '../context.ts';
import { cliRunnableClient } from '../installation-client.ts';
import { UsageError } from '../usage.ts';
import { formatDateTime } from '../../../shared/format-date.ts';

const LABELS = {
  nb: {
    api: 'Tjeneste',
    audience: 'Mottaker (aud)',
    scopes: 'Scopes',
    expires: 'Utløper',
    inSeconds: 's igjen',
    client: 'Klient',
    parent: 'Org. (hoved)',
    child: 'Org. (under)',
    childNote: 'oppgitt av klienten, ikke grunnlag for tilgang',
    tenancy: 'Tenancy',
  },
  en: {
    api: 'API',
    audience: 'Audience (aud)',
    scopes: 'Scopes',
    expires: 'Expires',
    inSeconds: 's left',
    client: 'Client',
    parent: 'Org (parent)',
    child: 'Org (child)',
    childNote: 'asserted by the client, not for access control',
    tenancy: 'Tenancy',
  },
} as const;

export function tokenReport(info: MachineTokenInfo, now: number) {
  return {
    api: info.name,
    audience: info.audience,
    scopes: [...info.scopes],
    expires_at: info.expiresAt === undefined ? null : new Date(info.expiresAt).toISOString(),
    expires_in: info.expiresAt === undefined ? null : Math.round((info.expiresAt - now) / 1000),
    client_id: info.clientId ?? null,
    organization: { ...info.organization },
  };
}

function formatReport(r: ReturnType<typeof tokenReport>, language: keyof typeof LABELS): string {
  const t = LABELS[language];
  const rows: [string, string][] = [
    [t.api, r.api],
    [t.audience, r.audience],
    [t.scopes, r.scopes.join(' ')],
    [t.expires, r.expires_at === null ? '-' : `${formatDateTime(r.expires_at)} (${r.expires_in} ${t.inSeconds})`],
    [t.client, r.client_id ?? '-'],
    [t.parent, r.organization.parent ?? '-'],
    [t.child, r.organization.child === undefined ? '-' : `${r.organization.child} (${t.childNote})`],
    [t.tenancy, r.organization.tenancy ?? '-'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join('');
}

export async function tokenCommand(ctx: CommandContext): Promise<number> {
  const name = ctx.options['api'];
  if (typeof name !== 'string' || name === '') throw new UsageError('--api NAME is required');
  const { config, loadClientKey } = await cliRunnableClient(await ctx.resolveConfig(), ctx.io.env);
  const machineNames = config.apis.filter((a) => a.machine).map((a) => a.name);
  const api = config.apis.find((a) => a.name === name);
  if (!api)
    throw new UsageError(
      `no API named "${name.slice(0, 40)}" in the configuration; machine APIs: ${machineNames.join(', ') || 'none'}`,
    );
  if (!api.machine)
    throw new UsageError(
      `"${api.name}" is a user API: its tokens need a login (helseid-desktop login); token works for machine APIs: ${machineNames.join(', ') || 'none'}`,
    );
  const client = createHelseIdClient({
    config,
    ...(loadClientKey ? { loadClientKey } : {}),
    // client credentials never open a browser; reaching this is a bug, said as such
    openExternal: () =>
      Promise.reject(new AppError('browser-open-failed', { detail: { reason: 'token command opens no browser' } })),
  });
  try {
    const report = tokenReport(await client.machineToken(api.name), Date.now());
    if (ctx.json) printJson(ctx.io, report);
    else ctx.io.stdout.write(formatReport(report, ctx.language));
    return 0;
  } finally {
    await client.close();
  }
}
