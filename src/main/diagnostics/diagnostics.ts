// The one troubleshooting report, as `helseid-desktop doctor` prints it and the window's Feilsøking
// shows it (in each of the window's modes: the app, the set-up screen, the configuration error
// screen): the doctor report, and for a workstation that provisions its own client the key's
// status — with a finding first when that key cannot log in. Never the key itself.
import { isAppError, type ErrorDetail, errorCode } from '../../shared/errors/app-error.ts';
import { errorText, type Language } from '../../shared/errors/error-texts.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import type { KeyStatus } from '../provisioning/key-status.ts';
import { formatDoctorReport } from './doctor-format.ts';
import {
  buildDoctorReport,
  loginCannotWork,
  type DoctorDeps,
  type DoctorReport,
  type Finding,
} from './doctor-report.ts';
import { formatKeyStatus } from './key-status-text.ts';

/** The key status could not be read (key store unusable, app-only protection): said in words. */
export interface KeyStatusFailure {
  readonly error: string;
  readonly code: string;
  readonly detail?: ErrorDetail;
}

export interface DiagnosticsDeps extends DoctorDeps {
  /**
   * The provisioned client's key status, asked after the configuration loaded; returns undefined
   * when the configuration has no `provisioning` block (a client made by hand has no key store).
   */
  readonly keyStatus?: () => Promise<KeyStatus> | undefined;
}

export interface Diagnostics {
  /** the doctor report, a key finding first where the key cannot log in */
  readonly report: DoctorReport;
  readonly key?: KeyStatus | KeyStatusFailure;
}

export async function buildDiagnostics(deps: DiagnosticsDeps): Promise<Diagnostics> {
  const report = await buildDoctorReport(deps);
  let key: KeyStatus | KeyStatusFailure | undefined;
  try {
    key = await deps.keyStatus?.();
  } catch (err) {
    key = keyStatusFailure(err, deps.language ?? 'nb');
  }
  if (key === undefined) return { report };
  const finding = keyFinding(key);
  return { report: finding ? { ...report, findings: [finding, ...report.findings] } : report, key };
}

export function formatDiagnostics(d: Diagnostics, language: Language): string {
  const key =
    d.key === undefined ? '' : `\n${'error' in d.key ? `${d.key.error}\n` : formatKeyStatus(d.key, language)}`;
  return formatDoctorReport(d.report, language) + key;
}

export function diagnosticsLoginCannotWork(d: Diagnostics): boolean {
  return loginCannotWork(d.report);
}

/** A key that cannot log in is a finding like any other: first, with what to do. */
function keyFinding(key: KeyStatus | KeyStatusFailure): Finding | undefined {
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

function keyStatusFailure(err: unknown, language: Language): KeyStatusFailure {
  const detail = isAppError(err) ? err.detail : undefined;
  // a key file the store refused is reported by its finding (IT's words: the file, the fix), as for a client made by hand
  const finding = detail?.['finding'];
  const code = typeof finding === 'string' ? finding : errorCode(err);
  const text = errorText(code, language, detail);
  return { error: `${text.title}: ${text.what} ${text.todo} (${code})`, code, ...(detail ? { detail } : {}) };
}
