// RFC 7807 problem details, the error shape of NHN's Selvbetjening API (an ASP.NET API: `type`,
// `title`, `status`, `detail`, and for validation errors `errors: {field: [messages]}`); the
// emulated Kjernejournal Innlogging answers its refusals the same way.
import type { ServerResponse } from 'node:http';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Record<string, string[]>;
}

export class ProblemError extends Error {
  readonly problem: Problem;
  constructor(status: number, title: string, detail: string, errors?: Record<string, string[]>) {
    super(detail);
    this.problem = {
      type: `https://tools.ietf.org/html/rfc9110#section-15.${status >= 500 ? '6' : '5'}.${statusSection(status)}`,
      title,
      status,
      detail,
      ...(errors ? { errors } : {}),
    };
  }
}

/** A request body that breaks one or more rules: every field named, with what is expected. */
export function validationProblem(errors: Record<string, string[]>): ProblemError {
  const detail = Object.entries(errors)
    .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
    .join(' · ');
  return new ProblemError(400, 'One or more validation errors occurred.', detail, errors);
}

function statusSection(status: number): number {
  const sections: Record<number, number> = {
    400: 1,
    401: 2,
    403: 4,
    404: 5,
    405: 6,
    409: 10,
    410: 11,
    413: 14,
    415: 16,
    500: 1,
    503: 4,
  };
  return sections[status] ?? 1;
}

export function sendProblem(res: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
  res.writeHead(problem.status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(problem));
}
