import { describe, expect, it } from 'vitest';
import { knownErrorCodes } from '../../../src/shared/errors/error-texts.ts';
import { TRY_AGAIN_CODES, canTryAgain } from '../../../src/shared/errors/try-again.ts';

describe('which error banners offer "Prøv igjen"', () => {
  it('passingFaults_offerIt: HelseID or a service not answering, a busy reader, a browser that did not open', () => {
    for (const code of [
      'authority-unreachable',
      'authority-error',
      'api-unreachable',
      'login-timeout',
      'browser-open-failed',
      'card-busy',
      'card-module-timeout',
    ])
      expect(canTryAgain(code), code).toBe(true);
  });

  it('errorsWhereRepeatingCannotHelp_doNot: a locked PIN, a missing or unusable card, a refused level, bad configuration', () => {
    for (const code of [
      'card-pin-locked',
      'card-removed',
      'card-not-present',
      'card-not-usable',
      'card-certificate-expired',
      'security-level-too-low',
      'invalid-config',
      'client-key-invalid',
      'login-cancelled',
      'session-locked',
      'organization-unknown',
    ]) {
      expect(canTryAgain(code), code).toBe(false);
    }
  });

  it('everyCodeOfferingIt_isInTheErrorTable', () => {
    expect(knownErrorCodes()).toEqual(expect.arrayContaining([...TRY_AGAIN_CODES]));
  });
});
