// Selvbetjening's answers as AppErrors. Its errors are RFC 7807 problem details (`type`, `title`,
// `status`, `detail`, and for validation errors `errors: {field: [messages]}`); a gateway or a wrong
// address may answer with anything else. The details keep what IT needs to act — the operation, the
// HTTP status, the problem's type/title, the rule it names (`detail`, cleaned like HelseID's
// error_description: no token, key or id number) and the fields it names — never the request, the
// key or a token. The person in the window gets the error table's words; these go to "Detaljer for
// IT", the log and doctor.
import { AppError } from '../../shared/errors/app-error.ts';
import { descriptionDetail } from '../auth/authority-description.ts';

export async function problemError(response: Response, operation: string): Promise<AppError> {
  const contentType = response.headers.get('content-type') ?? '';
  let problem:
    | {
        type?: unknown;
        title?: unknown;
        detail?: unknown;
        errors?: unknown;
        error?: unknown;
        error_description?: unknown;
      }
    | undefined;
  try {
    const parsed = (await response.json()) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) problem = parsed as typeof problem;
  } catch {
    // not JSON: said below
  }
  const short = (v: unknown) => (typeof v === 'string' && v.trim() ? v.slice(0, 120) : undefined);
  const fields =
    problem && typeof problem.errors === 'object' && problem.errors !== null
      ? Object.keys(problem.errors).slice(0, 10).join(', ')
      : '';
  const detail = {
    operation,
    status: response.status,
    ...(short(problem?.type) ? { problem_type: short(problem?.type)! } : {}),
    ...(short(problem?.title) ? { title: short(problem?.title)! } : {}),
    // RFC 7807's `detail` names the rule; an OAuth-style error body says it in error_description
    ...descriptionDetail(problem?.detail ?? problem?.error_description ?? problem?.error),
    ...(fields ? { fields: fields.slice(0, 200) } : {}),
    ...(problem
      ? {}
      : {
          problem: `the answer is not problem details (content-type ${contentType.split(';')[0]?.trim() || 'none'}): is provisioning.selvbetjening.api_url right?`,
        }),
  };
  // a validation error or a conflict names a rule the request broke: asking the same again cannot
  // help, and the person is told so (a 404 is rather a wrong address; 5xx and 429 are Selvbetjening's own trouble)
  const refusal = problem !== undefined && [400, 403, 409, 422].includes(response.status);
  return new AppError(refusal ? 'selvbetjening-refused' : 'selvbetjening-error', {
    retriable: response.status >= 500 || response.status === 429,
    detail,
  });
}

/** A 2xx answer's JSON body; a body that is not JSON is Selvbetjening's error, not the app's bug. */
export async function answerJson(response: Response, operation: string): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch (err) {
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() || 'none';
    throw new AppError('selvbetjening-error', {
      retriable: true,
      cause: err,
      detail: { operation, status: response.status, problem: `the answer is not JSON (content-type ${contentType})` },
    });
  }
}

export function unreachable(err: unknown, operation: string): AppError {
  return new AppError('selvbetjening-unreachable', { retriable: true, detail: { operation }, cause: err });
}
