// The ID token's times on the authority's clock of the moment (id-token-times.ts): what passes, what
// is the token's fault, and what is the PC clock's.
import { describe, expect, it } from 'vitest';
import { checkIdTokenTimes, ID_TOKEN_TOLERANCE_SECONDS } from '../../../src/main/auth/id-token-times.ts';

const NOW = 1_900_000_000;
const token = (o: Record<string, unknown> = {}) => ({ iat: NOW, exp: NOW + 300, ...o });

describe('ID token times on the authority clock', () => {
  it('freshToken_passes', () => {
    expect(() => checkIdTokenTimes(token(), NOW, true)).not.toThrow();
  });

  it('tokenExpiredOnTheAuthoritysOwnClock_isIdTokenInvalid_namingTheClaim', () => {
    expect(() => checkIdTokenTimes(token({ exp: NOW - ID_TOKEN_TOLERANCE_SECONDS }), NOW, true)).toThrow(
      expect.objectContaining({ code: 'id-token-invalid', detail: expect.objectContaining({ claim: 'exp' }) }),
    );
  });

  it('tokenIssuedInTheFuture_beyondTheTolerance_isRefused', () => {
    expect(() => checkIdTokenTimes(token({ iat: NOW + ID_TOKEN_TOLERANCE_SECONDS + 1 }), NOW, true)).toThrow(
      expect.objectContaining({ detail: expect.objectContaining({ claim: 'iat' }) }),
    );
    expect(() => checkIdTokenTimes(token({ nbf: NOW + ID_TOKEN_TOLERANCE_SECONDS + 1 }), NOW, true)).toThrow(
      expect.objectContaining({ detail: expect.objectContaining({ claim: 'nbf' }) }),
    );
  });

  it('withoutAMeasuredClock_aFailureIsTheClocksAndTheMessageSaysSo', () => {
    expect(() => checkIdTokenTimes(token({ exp: NOW - 3600 }), NOW, false)).toThrow(
      expect.objectContaining({ code: 'clock-skew' }),
    );
  });

  it('missingExp_isRefused', () => {
    expect(() => checkIdTokenTimes({ iat: NOW }, NOW, true)).toThrow(
      expect.objectContaining({ code: 'id-token-invalid' }),
    );
  });
});
