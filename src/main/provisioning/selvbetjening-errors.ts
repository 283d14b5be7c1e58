// Selvbetjening's answers as AppErrors. Its errors are RFC 7807 problem details: the details keep the
// HTTP status and the problem's type/title (short, for IT), never the request, the key or a token.
import { AppError } from '../../shared/errors/app-error.ts';

export async function problemError(response: Response, operation: string): Promise<AppError> {
  let problem: { type?: unknown; title?: unknown } = {};
  try {
    problem = (await response.json()) as typeof problem;
  } catch {
    // not problem details: the status says enough
  }
  const short = (v: unknown) => (typeof v === 'string' ? v.slice(0, 120) : undefined);
  const detail = {
    operation,
    status: response.status,
    ...(short(problem.type) ? { problem_type: short(problem.type)! } : {}),
    ...(short(problem.title) ? { title: short(problem.title)! } : {}),
  };
  return new AppError('selvbetjening-error', { retriable: response.status >= 500 || response.status === 429, detail });
}

export function unreachable(err: unknown, operation: string): AppError {
  return new AppError('selvbetjening-unreachable', { retriable: true, detail: { operation }, cause: err });
}
