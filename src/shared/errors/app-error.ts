// One error shape for the whole app (see README "Errors").
// A code from a closed union, whether trying again can help, a cause for logs that never
// crosses to the renderer, and optional non-secret details (tries left, a field name).
// The text a person sees never comes from `message`: it comes from the message table keyed by code.

import type { ErrorCode } from './error-texts.ts';

export type ErrorDetail = Readonly<Record<string, string | number | boolean>>;

export interface ErrorData<C extends string = string> {
  readonly code: C;
  readonly retriable: boolean;
  readonly detail?: ErrorDetail;
}

/** `code` is a key of the error text table (error-texts.ts): a misspelt code does not compile. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly retriable: boolean;
  readonly detail: ErrorDetail | undefined;

  constructor(code: C, options: { message?: string; retriable?: boolean; detail?: ErrorDetail; cause?: unknown } = {}) {
    super(options.message ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.detail = options.detail;
  }

  /** The only form in which an error crosses a process boundary. */
  toData(): ErrorData<C> {
    return this.detail === undefined
      ? { code: this.code, retriable: this.retriable }
      : { code: this.code, retriable: this.retriable, detail: this.detail };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/**
 * The one fallback: an AppError crosses as its data; anything else is a bug, and crosses as
 * 'internal' with nothing of its message (library messages can carry request data).
 */
export function toErrorData(error: unknown): ErrorData {
  if (isAppError(error)) return error.toData();
  return { code: 'internal', retriable: false };
}

/** The error's code for a log line or a report: ours, or 'internal'. */
export function errorCode(error: unknown): string {
  return toErrorData(error).code;
}
