// A refusal by the API guard, in the shape RFC 6750 §3 and RFC 9449 §7.1 give it: an HTTP status,
// an OAuth error code, a description for the developer, and the WWW-Authenticate challenge that
// tells the client which scheme and algorithms to use (and, for use_dpop_nonce, the nonce).
// It is a value the guard returns, and also an Error a route may throw after the guard accepted.

export type GuardErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'insufficient_scope'
  /** RFC 6749's code for "try again later": the replay cache is full (503) */
  | 'temporarily_unavailable'
  /** not RFC 6750: the demo record API's "token lacks the Tillitsrammeverk claims" */
  | 'insufficient_claims';

const DEFAULT_STATUS: Record<GuardErrorCode, number> = {
  invalid_request: 400,
  invalid_token: 401,
  invalid_dpop_proof: 401,
  use_dpop_nonce: 401,
  insufficient_scope: 403,
  temporarily_unavailable: 503,
  insufficient_claims: 403,
};

export interface GuardErrorOptions {
  status?: number;
  /** the nonce the client must put in its next proof (use_dpop_nonce) */
  dpopNonce?: string;
  /** RFC 6750 §3.1: a request with no credentials at all gets a challenge without an error code */
  noCredentials?: boolean;
}

export class GuardError extends Error {
  readonly error: GuardErrorCode;
  readonly status: number;
  readonly dpopNonce: string | undefined;
  readonly noCredentials: boolean;

  constructor(error: GuardErrorCode, description: string, options: GuardErrorOptions = {}) {
    super(description);
    this.name = 'GuardError';
    this.error = error;
    this.status = options.status ?? DEFAULT_STATUS[error];
    this.dpopNonce = options.dpopNonce;
    this.noCredentials = options.noCredentials ?? false;
  }

  /** The response headers of this refusal; `algs` are the proof algorithms the API accepts. */
  headers(algs: readonly string[]): Record<string, string> {
    // quoted-string: a description must not break out of its quotes
    const description = this.message.replace(/["\\]/g, "'");
    const params = this.noCredentials ? [] : [`error="${this.error}"`, `error_description="${description}"`];
    params.push(`algs="${algs.join(' ')}"`);
    return {
      'WWW-Authenticate': `DPoP ${params.join(', ')}`,
      'Cache-Control': 'no-store',
      ...(this.dpopNonce ? { 'DPoP-Nonce': this.dpopNonce } : {}),
    };
  }

  /** The JSON body of this refusal. */
  body(): { error: GuardErrorCode; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

export function isGuardError(value: unknown): value is GuardError {
  return value instanceof GuardError;
}
