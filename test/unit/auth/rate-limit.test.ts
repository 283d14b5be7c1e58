// Issue 13: "wait before asking again" from the authority becomes authority-busy with a bounded
// Retry-After; a plain refusal or outage does not.
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { toAuthError } from '../../../src/main/auth/map-auth-error.ts';
import { isRateLimited, MAX_RETRY_AFTER_SECONDS, retryAfterSeconds } from '../../../src/main/auth/rate-limit.ts';
import { apiStatusOf } from '../../../src/shared/api-status.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { canTryAgain } from '../../../src/shared/errors/try-again.ts';

const answer = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });
function bodyError(error: string, status: number, headers: Record<string, string> = {}) {
  return new oidc.ResponseBodyError('server responded with an error in the response body', {
    cause: { error },
    response: answer(status, headers),
  } as never);
}
/** what openid-client throws for an answer that is not OAuth JSON (a gateway's 429 page, a 5xx) */
function notConform(status: number, headers: Record<string, string> = {}) {
  return Object.assign(new Error('unexpected HTTP response status code', { cause: answer(status, headers) }), {
    code: 'OAUTH_RESPONSE_IS_NOT_CONFORM',
  });
}

describe('Retry-After', () => {
  it('deltaSeconds_isTakenAsIs', () => expect(retryAfterSeconds(answer(429, { 'retry-after': '120' }))).toBe(120));

  it('httpDate_isMeasuredFromTheResponsesOwnDateHeader_notFromTheWrongPcClock', () => {
    const headers = { date: 'Sat, 28 Nov 2026 04:00:00 GMT', 'retry-after': 'Sat, 28 Nov 2026 04:01:30 GMT' };
    expect(retryAfterSeconds(answer(503, headers), () => Date.parse('2030-01-01T00:00:00Z'))).toBe(90);
  });

  it('hoursAhead_isCappedAtFiveMinutes_andThePast_isZero_andGarbage_isIgnored', () => {
    expect(retryAfterSeconds(answer(429, { 'retry-after': '36000' }))).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(
      retryAfterSeconds(
        answer(429, { date: 'Sat, 28 Nov 2026 04:00:00 GMT', 'retry-after': 'Sat, 28 Nov 2026 03:00:00 GMT' }),
      ),
    ).toBe(0);
    expect(retryAfterSeconds(answer(429, { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterSeconds(answer(429, { 'retry-after': '-5' }))).toBeUndefined();
    expect(retryAfterSeconds(answer(429))).toBeUndefined();
  });
});

describe('rate-limited answers', () => {
  it('429_slowDown_temporarilyUnavailable_and503WithRetryAfter_areAuthorityBusy', () => {
    expect(toAuthError(notConform(429, { 'retry-after': '30' }), 'refresh')).toMatchObject({
      code: 'authority-busy',
      retriable: true,
      detail: { status: 429, retryAfterSeconds: 30 },
    });
    expect(toAuthError(bodyError('slow_down', 400), 'refresh')).toMatchObject({
      code: 'authority-busy',
      detail: { error: 'slow_down' },
    });
    expect(toAuthError(bodyError('temporarily_unavailable', 400), 'par').code).toBe('authority-busy');
    expect(toAuthError(notConform(503, { 'retry-after': '60' }), 'client-credentials')).toMatchObject({
      code: 'authority-busy',
      detail: { retryAfterSeconds: 60 },
    });
  });

  it('aRefusalOrAPlainOutage_isNotRateLimited', () => {
    expect(isRateLimited(bodyError('invalid_request', 400))).toBe(false);
    expect(isRateLimited(notConform(503))).toBe(false);
    expect(toAuthError(bodyError('invalid_grant', 400), 'refresh').code).toBe('refresh-token-expired');
  });

  it('authorityBusy_hasItsOwnText_andAnApiWaitingForItReadsAsNotResponding', () => {
    expect(errorText('authority-busy', 'nb').title).toBe('HelseID ber oss vente');
    expect(errorText('authority-busy', 'en').title).toBe('HelseID asks us to wait');
    expect(apiStatusOf({ state: 'error', errorCode: 'authority-busy' })).toBe('not-responding');
    expect(canTryAgain('authority-busy')).toBe(true); // a passing state: the banner offers "Prøv igjen"
  });
});
