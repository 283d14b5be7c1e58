// `helseid-desktop setup`: makes this workstation its own HelseID client through Selvbetjening (the
// window's "Set up this workstation" on the command line). Progress on stderr, the result on stdout
// (--json: plain data). The browser is chosen with --browser, as for login.
import { AppError, isAppError } from '../../../shared/errors/app-error.ts';
import { formatDateTime } from '../../../shared/format-date.ts';
import { keyRingFor } from '../../provisioning/installation.ts';
import { runSetup, type SetupResult } from '../../provisioning/setup-flow.ts';
import { commandOpener } from '../url-fallback.ts';
import { userBrowserBinding } from '../../auth/browser-binding.ts';
import { linkSignals } from '../../auth/linked-signal.ts';
import { printJson, type CommandContext } from '../context.ts';
import { KEY_LABELS } from '../../diagnostics/key-status-text.ts';
import { SETUP_STEP_TEXT } from '../provisioning-texts.ts';

export function setupReport(result: SetupResult) {
  return {
    client_id: result.clientId,
    ready: result.ready,
    existing: result.existing,
    key_expires_at: result.keyExpiresAt === undefined ? null : new Date(result.keyExpiresAt).toISOString(),
    apis: result.apis.map((a) => ({
      name: a.name,
      scope: a.scope,
      status: a.status,
      ...(a.reason ? { reason: a.reason } : {}),
    })),
  };
}

export async function setupCommand(ctx: CommandContext): Promise<number> {
  const { config, source } = await ctx.resolveConfig();
  if (!config.provisioning) throw new AppError('provisioning-not-configured', { detail: { source } });
  const keyRing = keyRingFor(config, { env: ctx.io.env })!;
  const done = new AbortController();
  const signal = linkSignals([ctx.signal, done.signal]).signal; // released when `done` aborts
  const t = KEY_LABELS[ctx.language];
  try {
    const result = await runSetup(
      {
        config,
        keyRing,
        // a real browser is this OS user's (as for login); the follow browser's cookies die with the command
        ...(ctx.options['browser'] === 'follow' ? {} : { browserBinding: userBrowserBinding(ctx.io.env) }),
        language: ctx.language,
        // no browser confirmed open (no desktop, opener failed): the address is printed to open by hand
        openExternal: commandOpener(ctx.options['browser'] as string | undefined, signal, {
          language: ctx.language,
          note: ctx.note,
          env: ctx.io.env,
        }).open,
      },
      {
        signal: ctx.signal,
        replace: ctx.options['replace'] === true,
        onProgress: (step, detail) => {
          if (step === 'waiting-for-helseid' && (detail?.attempt ?? 1) > 1) return;
          ctx.note(
            `${SETUP_STEP_TEXT[ctx.language][step]}${detail?.clientId && step === 'waiting-for-confirmation' ? ` (${detail.clientId})` : ''}`,
          );
        },
      },
    );
    const report = setupReport(result);
    if (ctx.json) printJson(ctx.io, report);
    else {
      const lines = [`${result.existing ? t.setupExisting : t.setupDone}: ${result.clientId}`, `${t.apis}:`];
      for (const api of result.apis)
        lines.push(
          `  ${api.name.padEnd(14)} ${api.status === 'ok' ? t.ready : t.pending}${api.reason ? ` — ${api.reason}` : ''}  (${api.scope})`,
        );
      lines.push(
        `${t.keyExpires}: ${result.keyExpiresAt === undefined ? t.unknown : formatDateTime(result.keyExpiresAt)}`,
      );
      ctx.io.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } catch (err) {
    if (isAppError(err) && err.code === 'setup-refused')
      ctx.note(`${t.abandoned}: ${String(err.detail?.['client_id'])}`);
    throw err;
  } finally {
    done.abort();
  }
}
