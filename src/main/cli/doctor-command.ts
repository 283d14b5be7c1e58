// `helseid-desktop doctor`: the troubleshooting report, as text or --json. Exit 1 when a login cannot
// work (configuration, client key, authority or client refused, no usable card); printed either way.
import {
  buildDoctorReport,
  formatDoctorReport,
  loginCannotWork,
  type DoctorReport,
  type Finding,
} from '../diagnostics/doctor-report.ts';
import { isAppError, type ErrorDetail } from '../../shared/errors/app-error.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { ConfigFile } from '../config/index.ts';
import { keyRingFor } from '../provisioning/installation.ts';
import { keyStatus, type KeyStatus } from '../provisioning/key-status.ts';
import { appVersion } from './app-version.ts';
import { formatKeyStatus } from './commands/key.ts';
import { cliCardService } from './card-setup.ts';
import { printJson, type CommandContext } from './context.ts';

export async function doctorCommand(ctx: CommandContext): Promise<number> {
  let softhsm2Conf: string | undefined;
  let fileConfig: ConfigFile | undefined;
  const report = await buildDoctorReport({
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
  });
  // a provisioned client: where its key lives, how it is protected, kid, age, expiry, renewal — never the key
  const key = fileConfig?.provisioning ? await provisionedKeyStatus(fileConfig, ctx) : undefined;
  // a key that cannot log in is a finding like any other: first, with what to do
  const keyFinding = key === undefined ? undefined : provisionedKeyFinding(key);
  const full: DoctorReport = keyFinding ? { ...report, findings: [keyFinding, ...report.findings] } : report;
  if (ctx.json) printJson(ctx.io, key === undefined ? full : { ...full, key });
  else
    ctx.io.stdout.write(
      formatDoctorReport(full, ctx.language) +
        (key === undefined ? '' : `\n${'error' in key ? `${key.error}\n` : formatKeyStatus(key, ctx.language)}`),
    );
  return loginCannotWork(full) ? 1 : 0;
}

function provisionedKeyFinding(
  key: KeyStatus | { error: string; code: string; detail?: ErrorDetail },
): Finding | undefined {
  if ('error' in key) return { code: key.code, blocking: true, ...(key.detail ? { detail: key.detail } : {}) };
  if (!key.client || key.client.state === 'draft') return { code: 'workstation-not-set-up', blocking: true };
  if (key.client.expired)
    return {
      code: 'client-key-expired',
      blocking: true,
      detail: { client_id: key.client.clientId, expired_at: formatDateTime(key.client.expiresAt ?? '') },
    };
  return undefined;
}

async function provisionedKeyStatus(
  config: ConfigFile,
  ctx: CommandContext,
): Promise<KeyStatus | { error: string; code: string; detail?: ErrorDetail }> {
  const keyRing = keyRingFor(config, { env: ctx.io.env })!;
  try {
    return keyStatus(await keyRing.document(), keyRing.store.describe(), config.provisioning!.renewal, Date.now());
  } catch (err) {
    const code = isAppError(err) ? err.code : 'internal';
    const detail = isAppError(err) ? err.detail : undefined;
    const text = errorText(code, ctx.language, detail);
    return { error: `${text.title}: ${text.what} ${text.todo} (${code})`, code, ...(detail ? { detail } : {}) };
  }
}
