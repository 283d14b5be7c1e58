// The one place where errors from openid-client, fetch and the network become AppErrors with our
// codes. Details carry the OAuth error code, an HTTP status or a library error code, and the
// authority's error_description only as `description`, cleaned by safeDescription (no token, code,
// query or national id number): it names the rule that failed, for developers and IT, never for
// the clinician's message.
import * as oidc from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { AuthErrorCode } from '../../shared/errors/auth-errors.ts';
import { skewMinutes } from './authority-clock.ts';
import { descriptionDetail, TIME_WORDS } from './authority-description.ts';
import { isRateLimited, responseOf, retryAfterSeconds } from './rate-limit.ts';

/** What we were doing; decides e.g. whether invalid_grant means "log in again". */
export type AuthOperation =
  | 'discovery'
  | 'par'
  | 'code'
  | 'refresh'
  | 'client-credentials'
  | 'exchange'
  | 'revocation'
  | 'end-session'
  | 'card'
  | 'api';

const EXPIRED_KEY = /\b(key|secret|jwk)\b.*\bexpired\b|\bexpired\b.*\b(key|secret|jwk)\b/i;
/** below this the clock is not what made the authority refuse (assertions live 30 s) */
const SKEW_WORTH_NAMING_SECONDS = 30;

/**
 * `skewSeconds`: the PC's clock difference to the authority, measured from the latest response. A
 * time-related refusal then says by how many minutes the clock is wrong (clock-wrong).
 */
export function toAuthError(err: unknown, operation: AuthOperation, skewSeconds?: number): AppError {
  if (err instanceof AppError) return err;
  // any answer with Retry-After (429, or a 503 during maintenance) says how long to wait: the token
  // store honours it (bounded) before asking for that API's token again
  const retryAfter = retryAfterSeconds(responseOf(err));
  const wait: Record<string, number> = retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {};
  const fail = (code: AuthErrorCode, detail: Record<string, string | number | boolean> = {}, retriable?: boolean) =>
    new AppError(code, {
      cause: err,
      retriable: retriable ?? defaultRetriable(code),
      detail: { operation, ...detail, ...wait },
    });
  const clockError = (detail: Record<string, string | number | boolean>) =>
    skewSeconds !== undefined && Math.abs(skewSeconds) >= SKEW_WORTH_NAMING_SECONDS
      ? fail('clock-wrong', { ...detail, minutes: skewMinutes(skewSeconds), skewSeconds })
      : fail('clock-skew', detail);

  // "wait before asking again" (429, slow_down, temporarily_unavailable): neither a refusal nor an
  // outage (rate-limit.ts)
  if (isRateLimited(err)) {
    const status = responseOf(err)?.status;
    const error =
      err instanceof oidc.ResponseBodyError ? { error: err.error, ...descriptionDetail(err.error_description) } : {};
    return fail('authority-busy', { ...error, ...(status !== undefined ? { status } : {}) });
  }
  if (err instanceof oidc.ResponseBodyError) {
    const detail = { error: err.error, status: err.status, ...descriptionDetail(err.error_description) };
    // a 5xx is an outage (server_error, a 503 from the front door), not a refusal: "HelseID svarer
    // ikke … prøv igjen om litt", never "HelseID avviste forespørselen" (issue 21)
    if (err.status >= 500) return fail(operation === 'api' ? 'api-unreachable' : 'authority-unreachable', detail, true);
    if (operation === 'refresh' && err.error === 'invalid_grant') return fail('refresh-token-expired', detail);
    // the client's KEY expired (HelseID: invalid_client "… key … expired"): not a clock problem, IT must act
    if (err.error === 'invalid_client' && EXPIRED_KEY.test(err.error_description ?? ''))
      return new AppError('client-key-expired', { cause: err, detail: { operation, ...detail } });
    if (
      (err.error === 'invalid_client' || err.error === 'invalid_dpop_proof') &&
      TIME_WORDS.test(err.error_description ?? '')
    ) {
      return clockError(detail);
    }
    // the authority does not accept this client (unknown, disabled, key not registered): no retry
    // can help, IT must act — the finding `doctor` reports, for IT's details (issue 21)
    if (err.error === 'invalid_client' || err.error === 'unauthorized_client')
      return fail('client-not-accepted', { ...detail, finding: 'client-refused' }, false);
    if (operation === 'exchange') return fail('token-exchange-refused', detail);
    if (operation === 'card') return fail('card-authentication-failed', detail);
    return fail('authority-error', detail);
  }
  if (err instanceof oidc.AuthorizationResponseError) {
    const detail = { error: err.error, ...descriptionDetail(err.error_description) };
    // an authority that can still tie an unusable request_uri (expired, used) to our redirect_uri
    // and state may send it back (RFC 9101 §7 names the error); HelseID shows its error page instead
    if (err.error === 'invalid_request_uri') return fail('login-page-expired', detail, true);
    return fail('callback-error', detail);
  }
  if (err instanceof oidc.WWWAuthenticateChallengeError) {
    const challenge = err.cause[0];
    const error = challenge?.parameters.error;
    return fail('api-refused', {
      status: err.status,
      ...(error ? { error } : {}),
      ...descriptionDetail(challenge?.parameters.error_description),
    });
  }
  if (isNetworkError(err)) return fail(operation === 'api' ? 'api-unreachable' : 'authority-unreachable', {}, true);
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('OAUTH_')) {
    const detail = { library: code };
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return clockError(detail);
    if (
      (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || code === 'OAUTH_KEY_SELECTION_FAILED') &&
      operation === 'code'
    ) {
      return fail('id-token-invalid', detail);
    }
    // an answer that is not OAuth JSON still carries its status (e.g. a 401 page from a proxy):
    // the authority or API answered and refused, it is not "could not be reached"
    const response = (err as { cause?: unknown }).cause;
    if (response instanceof Response && response.status >= 500)
      return fail(
        operation === 'api' ? 'api-unreachable' : 'authority-unreachable',
        { ...detail, status: response.status },
        true,
      );
    if (response instanceof Response && response.status >= 400) {
      const refused = { ...detail, status: response.status };
      if (operation === 'api') return fail('api-refused', refused);
      if (operation === 'exchange') return fail('token-exchange-refused', refused);
      if (operation === 'card') return fail('card-authentication-failed', refused);
      return fail('authority-error', refused);
    }
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      return fail(operation === 'api' ? 'api-unreachable' : 'authority-unreachable', detail, true);
    }
    return fail(operation === 'api' ? 'api-refused' : 'authority-error', detail);
  }
  return fail(operation === 'api' ? 'api-unreachable' : 'authority-error', { unexpected: true });
}

function defaultRetriable(code: AuthErrorCode): boolean {
  return [
    'authority-unreachable',
    'authority-busy',
    'authority-error',
    'api-unreachable',
    'api-refused',
    'card-authentication-failed',
    'callback-error',
  ].includes(code);
}

/**
 * fetch rejects with TypeError('fetch failed', {cause: ECONNREFUSED…}); timeouts with DOMException,
 * which openid-client wraps as OAUTH_TIMEOUT / OAUTH_ABORT (an API that does not answer in time is
 * "not answering", not "refused").
 */
function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  const libraryCode = (err as { code?: unknown }).code;
  if (libraryCode === 'OAUTH_TIMEOUT' || libraryCode === 'OAUTH_ABORT') return true;
  if (err instanceof TypeError && err.message === 'fetch failed') return true;
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return (
    typeof cause?.code === 'string' &&
    /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR)/.test(cause.code)
  );
}
