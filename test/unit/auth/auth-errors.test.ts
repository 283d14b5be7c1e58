// Library errors become our codes once, with details that carry no secrets; every code has its text.
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { AUTH_ERROR_CODES, AUTH_ERROR_TEXTS } from '../../../src/shared/errors/auth-errors.ts';
import { toAuthError } from '../../../src/main/auth/map-auth-error.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { maskPid, userFromIdToken } from '../../../src/main/auth/user-claims.ts';

function bodyError(error: string, description: string, status = 400) {
  const response = new Response(null, { status });
  return new oidc.ResponseBodyError('server responded with an error in the response body', {
    cause: { error, error_description: description },
    response,
  } as never);
}

describe('auth error mapping', () => {
  it('callbackWithInvalidRequestUri_isTheLoginPageExpired_notARefusedLogin', () => {
    const callback = new URLSearchParams({
      error: 'invalid_request_uri',
      error_description: 'request_uri is invalid, expired, or was already used',
      state: 'x',
    });
    const err = toAuthError(
      new oidc.AuthorizationResponseError('authorization response from the server is an error', { cause: callback }),
      'code',
    );
    expect(err).toMatchObject({
      code: 'login-page-expired',
      retriable: true,
      detail: {
        operation: 'code',
        error: 'invalid_request_uri',
        description: 'request_uri is invalid, expired, or was already used',
      },
    });
    expect(errorText(err.code, 'nb', err.detail).title).toBe('Innloggingen tok for lang tid');
    expect(
      toAuthError(
        new oidc.AuthorizationResponseError('error', { cause: new URLSearchParams({ error: 'access_denied' }) }),
        'code',
      ).code,
    ).toBe('callback-error');
  });

  it('invalidGrantOnRefresh_isRefreshTokenExpired', () => {
    expect(toAuthError(bodyError('invalid_grant', 'grant request is invalid'), 'refresh')).toMatchObject({
      code: 'refresh-token-expired',
      retriable: false,
    });
  });

  it('assertionRefusedForTime_isClockSkew', () => {
    expect(toAuthError(bodyError('invalid_client', 'client assertion "iat" is in the future', 401), 'code').code).toBe(
      'clock-skew',
    );
  });

  it('assertionRefusedForTime_withAMeasuredSkewOfFiveMinutes_saysThePcClockIsWrongByFiveMinutes', () => {
    const err = toAuthError(bodyError('invalid_client', 'jwt expired', 401), 'par', -300);
    expect(err).toMatchObject({ code: 'clock-wrong', detail: { minutes: 5 } });
    expect(errorText(err.code, 'nb', err.detail).what).toContain('går feil med omtrent 5 minutter');
    expect(errorText(err.code, 'en', err.detail).what).toContain('wrong by about 5 minutes');
  });

  it('openidClientTimeout_isUnreachable_notRefused', () => {
    const timeout = Object.assign(
      new Error('operation timed out', { cause: new DOMException('timed out', 'TimeoutError') }),
      { code: 'OAUTH_TIMEOUT' },
    );
    expect(toAuthError(timeout, 'api').code).toBe('api-unreachable');
    expect(toAuthError(timeout, 'par').code).toBe('authority-unreachable');
  });

  it('errorDescription_reachesTheDetailOnlyCleaned_noEchoedCodeTokenOrPid', () => {
    const err = toAuthError(bodyError('invalid_request', 'code=abc123 was bad'), 'par');
    expect(err.code).toBe('authority-error');
    expect(JSON.stringify(err.toData())).not.toContain('abc123');
    expect(err.detail?.['description']).toBe('code=[…] was bad');
    const rule = toAuthError(
      bodyError(
        'invalid_client',
        'client authentication failed: client assertion "aud" must be the issuer (http://127.0.0.1:1/x?y=1)',
      ),
      'par',
    );
    expect(rule.detail?.['description']).toBe(
      'client authentication failed: client assertion "aud" must be the issuer (http://127.0.0.1:1/x)',
    );
    const secrets = toAuthError(
      bodyError('invalid_grant', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl for 13116900216'),
      'code',
    );
    expect(secrets.detail?.['description']).toBe('[token] for [national id number]');
  });

  it('connectionRefused_isAuthorityOrApiUnreachable', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(toAuthError(refused, 'par').code).toBe('authority-unreachable');
    expect(toAuthError(refused, 'api').code).toBe('api-unreachable');
  });

  it('everyCode_hasTitleWhatAndTodoInBothLanguages', () => {
    for (const code of AUTH_ERROR_CODES) {
      const entry = AUTH_ERROR_TEXTS[code];
      for (const lang of ['nb', 'en'] as const) {
        expect(entry[lang].title && entry[lang].what && entry[lang].todo, `${code} ${lang}`).toBeTruthy();
      }
    }
  });
});

describe('user from ID token', () => {
  const claims = (level: string) => ({
    iss: 'x',
    sub: 'hash',
    aud: 'c',
    iat: 1,
    exp: 2,
    name: 'Kari Nordmann',
    given_name: 'Kari',
    family_name: 'Nordmann',
    idp: 'testidp-oidc',
    'helseid://claims/identity/pid': '13827099842',
    'helseid://claims/identity/security_level': level,
    'helseid://claims/hpr/hpr_number': '9144900',
  });

  it('level4_givesMaskedUserAndKeepsPidApart', () => {
    const { user, pid } = userFromIdToken(claims('4'));
    expect(user).toEqual({
      name: 'Kari Nordmann',
      givenName: 'Kari',
      familyName: 'Nordmann',
      securityLevel: '4',
      pidMasked: '138270*****',
      sub: 'hash',
      hprNumber: '9144900',
      idp: 'testidp-oidc',
    });
    expect(pid).toBe('13827099842');
  });

  it('level3_isSecurityLevelTooLow', () => {
    expect(() => userFromIdToken(claims('3'))).toThrow(expect.objectContaining({ code: 'security-level-too-low' }));
  });

  it('maskPid_keepsBirthDateOnly', () => {
    expect(maskPid('13827099842')).toBe('138270*****');
    expect(maskPid('123')).toBe('***');
  });
});
