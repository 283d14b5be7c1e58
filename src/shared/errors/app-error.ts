// One error shape for the whole app (see README "Errors").
// A code from a closed union, whether trying again can help, a cause for logs that never
// crosses to the renderer, and optional non-secret details (tries left, a field name).
// The text a person sees never comes from `message`: it comes from the message table keyed by code.

export type ErrorDetail = Readonly<Record<string, string | number | boolean>>;

export interface ErrorData<C extends string = string> {
  readonly code: C;
  readonly retriable: boolean;
  readonly detail?: ErrorDetail;
}

export interface LocalizedText {
  readonly title: string;
  /** what happened */
  readonly what: string;
  /** what to do */
  readonly todo: string;
}

export interface ErrorTextEntry {
  readonly retriable: boolean;
  readonly nb: LocalizedText;
  readonly en: LocalizedText;
}

export class AppError<C extends string = string> extends Error {
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
