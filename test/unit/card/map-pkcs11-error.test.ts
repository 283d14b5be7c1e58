import { describe, expect, it } from 'vitest';
import { mapPkcs11Error } from '../../../src/main/card/module-process/map-pkcs11-error.ts';
import {
  pinStateFromFlags,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
  CKF_PROTECTED_AUTHENTICATION_PATH,
} from '../../../src/main/card/module-process/pin-state.ts';
import { CARD_ERROR_CODES, CARD_ERROR_TEXTS } from '../../../src/shared/errors/card-errors.ts';

const ckr = (name: string) => Object.assign(new Error(name), { code: 0xa0, method: 'C_Login' });

describe('PKCS#11 error mapping', () => {
  it.each([
    ['CKR_DEVICE_REMOVED', 'card-removed', true],
    ['CKR_TOKEN_NOT_PRESENT', 'card-not-present', true],
    ['CKR_TOKEN_NOT_RECOGNIZED', 'card-unknown', true],
    ['CKR_PIN_LOCKED', 'card-pin-locked', false],
    ['CKR_PIN_LEN_RANGE', 'card-pin-format', true],
    ['CKR_FUNCTION_CANCELED', 'card-pin-cancelled', true],
    ['CKR_GENERAL_ERROR', 'card-device-error', true],
    ['CKR_MECHANISM_INVALID', 'card-mechanism-unsupported', false],
    ['CKR_SOMETHING_NEW', 'card-internal', false],
  ])('map_%s_gives_%s', (name, code, retriable) => {
    expect(mapPkcs11Error(ckr(name))).toMatchObject({ code, retriable, detail: { ckr: name } });
  });

  it.each([
    [undefined, 'card-pin-incorrect'],
    ['count-low', 'card-pin-incorrect-few-left'],
    ['final-try', 'card-pin-incorrect-final-try'],
    ['locked', 'card-pin-locked'],
  ] as const)('pinIncorrect_withFlagsAfterwards_%s_gives_%s', (pinAfterFailure, code) => {
    expect(mapPkcs11Error(ckr('CKR_PIN_INCORRECT'), pinAfterFailure ? { pinAfterFailure } : {}).code).toBe(code);
  });

  it('map_nonPkcs11Error_givesInternalWithoutItsMessage', () => {
    const error = mapPkcs11Error(new TypeError('secret 1234 leaked?'));
    expect(error.code).toBe('card-internal');
    expect(error.message).toBe('card-internal');
  });

  it('pinState_fromTokenFlags_followsPkcs11', () => {
    expect(pinStateFromFlags(0)).toBe('ok');
    expect(pinStateFromFlags(CKF_USER_PIN_COUNT_LOW)).toBe('count-low');
    expect(pinStateFromFlags(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY)).toBe('final-try');
    expect(pinStateFromFlags(CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED)).toBe('locked');
    expect(pinStateFromFlags(CKF_PROTECTED_AUTHENTICATION_PATH)).toBe('pin-pad-unsupported');
  });

  it('texts_forEveryCode_existInBothLanguages', () => {
    for (const code of CARD_ERROR_CODES) {
      for (const lang of ['nb', 'en'] as const) {
        const text = CARD_ERROR_TEXTS[code][lang];
        expect(text.title && text.what && text.todo, `${code} ${lang}`).toBeTruthy();
      }
    }
    expect(CARD_ERROR_TEXTS['card-pin-incorrect-tries-left'].nb.what).toBe(
      'Feil PIN-kode. Du har {triesLeft} forsøk igjen.',
    );
  });
});
