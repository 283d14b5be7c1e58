// What Kjernejournal Innlogging's refusals mean to the app, decided by HTTP status and the
// WWW-Authenticate challenge only — never by a problem `type` URI or wording of the service's own
// (if the app and the emulator agreed on an invented detail, no test would see it). The service's
// RFC 7807 `detail` (or `title`) goes to IT, cleaned like HelseID's error_description.
import { AppError } from '../../shared/errors/app-error.ts';
import { descriptionDetail } from '../auth/authority-description.ts';

export type InnloggingOperation = 'create' | 'refresh' | 'end';

/** enough of a problem document for IT; a larger body is not read further */
const MAX_BODY = 8192;

async function problemText(response: Response): Promise<string | undefined> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    await response.body?.cancel();
    return undefined;
  }
  const text = (await response.text()).slice(0, MAX_BODY);
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    if (typeof problem.detail === 'string') return problem.detail;
    if (typeof problem.title === 'string') return problem.title;
  } catch {
    // not JSON after all: nothing for IT beyond the status
  }
  return undefined;
}

/** the `error` of a WWW-Authenticate challenge (invalid_token, insufficient_scope, invalid_dpop_proof) */
function challengeError(response: Response): string | undefined {
  return /\berror="?([a-z_]+)"?/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
}

/** The AppError a refusal (any status but 2xx) stands for, with what IT needs in its detail. */
export async function innloggingRefusal(response: Response, operation: InnloggingOperation): Promise<AppError> {
  const { status } = response;
  const challenge = challengeError(response);
  const detail = {
    operation,
    status,
    ...(challenge ? { error: challenge } : {}),
    ...descriptionDetail(await problemText(response)),
  };
  if (status === 400) return new AppError('portal-request-refused', { detail });
  if (status === 401) return new AppError('portal-token-refused', { retriable: true, detail });
  if (status === 403 && challenge === 'insufficient_scope') return new AppError('portal-scope-missing', { detail });
  if (status === 403) return new AppError('portal-access-denied', { detail });
  if (status === 404 || status === 410) return new AppError('portal-session-ended', { detail });
  return new AppError('portal-error', { retriable: status === 429 || status >= 500, detail });
}

/** A request that got no answer: the network, a time-out. */
export function innloggingUnreachable(err: unknown, operation: InnloggingOperation): AppError {
  if (err instanceof AppError) return err;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return new AppError('portal-unreachable', {
    retriable: true,
    detail: { operation, ...(typeof cause === 'string' ? { cause } : {}) },
    cause: err,
  });
}
