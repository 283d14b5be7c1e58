// The ONE place where PKCS#11 return values become our card error codes (Web eID habit).
// pkcs11js throws Pkcs11Error with message "CKR_…" and a numeric code; anything else that reaches
// here is a bug or a native loading problem and maps to card-internal.
import type { ErrorDetail } from '../../../shared/errors/app-error.ts';
import type { CardErrorCode } from '../../../shared/errors/card-errors.ts';
import type { CardPinState } from '../../../shared/card-types.ts';
import { cardError, type CardError } from '../common/card-error.ts';
import { isAppError } from '../../../shared/errors/app-error.ts';

const GROUPS: readonly (readonly [CardErrorCode, readonly string[]])[] = [
  ['card-removed', ['CKR_DEVICE_REMOVED', 'CKR_SESSION_CLOSED', 'CKR_SESSION_HANDLE_INVALID']],
  ['card-not-present', ['CKR_TOKEN_NOT_PRESENT', 'CKR_SLOT_ID_INVALID']],
  ['card-unknown', ['CKR_TOKEN_NOT_RECOGNIZED']],
  [
    'card-busy',
    [
      'CKR_SESSION_COUNT',
      'CKR_OPERATION_ACTIVE',
      'CKR_SESSION_EXISTS',
      'CKR_USER_ANOTHER_ALREADY_LOGGED_IN',
      'CKR_USER_TOO_MANY_TYPES',
      'CKR_CANT_LOCK',
    ],
  ],
  [
    'card-device-error',
    [
      'CKR_DEVICE_ERROR',
      'CKR_DEVICE_MEMORY',
      'CKR_HOST_MEMORY',
      'CKR_GENERAL_ERROR',
      'CKR_FUNCTION_FAILED',
      'CKR_TOKEN_WRITE_PROTECTED',
    ],
  ],
  ['card-pin-incorrect', ['CKR_PIN_INCORRECT']],
  ['card-pin-locked', ['CKR_PIN_LOCKED', 'CKR_PIN_EXPIRED']],
  ['card-pin-format', ['CKR_PIN_LEN_RANGE', 'CKR_PIN_INVALID']],
  ['card-pin-cancelled', ['CKR_FUNCTION_CANCELED']],
  [
    'card-key-not-found',
    [
      'CKR_KEY_HANDLE_INVALID',
      'CKR_OBJECT_HANDLE_INVALID',
      'CKR_KEY_TYPE_INCONSISTENT',
      'CKR_KEY_FUNCTION_NOT_PERMITTED',
    ],
  ],
  [
    'card-mechanism-unsupported',
    [
      'CKR_MECHANISM_INVALID',
      'CKR_MECHANISM_PARAM_INVALID',
      'CKR_DATA_LEN_RANGE',
      'CKR_KEY_SIZE_RANGE',
      'CKR_FUNCTION_NOT_SUPPORTED',
    ],
  ],
  ['card-module-failed', ['CKR_CRYPTOKI_NOT_INITIALIZED', 'CKR_LIBRARY_LOAD_FAILED', 'CKR_NEED_TO_CREATE_THREADS']],
];

const BY_NAME = new Map<string, CardErrorCode>(GROUPS.flatMap(([code, names]) => names.map((n) => [n, code] as const)));

/** The CKR_ name of a pkcs11js error, or undefined for anything else. */
export function ckrName(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : undefined;
  return message && /^CKR_[A-Z_]+$/.test(message) ? message : undefined;
}

/**
 * Maps a thrown value to a card error. `pinAfterFailure` is the PIN state read from the token
 * flags right after a failed login: it turns CKR_PIN_INCORRECT into "few tries left" / "final
 * try" / "locked", as the flags are all PKCS#11 tells about remaining tries.
 */
export function mapPkcs11Error(
  error: unknown,
  context: { method?: string; pinAfterFailure?: CardPinState } = {},
): CardError {
  if (isAppError(error)) return error as CardError;
  const name = ckrName(error);
  const detail: ErrorDetail = name ? { ckr: name, ...(context.method ? { method: context.method } : {}) } : {};
  if (!name) return cardError('card-internal', { cause: error });
  const code = BY_NAME.get(name) ?? 'card-internal';
  if (code === 'card-pin-incorrect') {
    switch (context.pinAfterFailure) {
      case 'locked':
        return cardError('card-pin-locked', { detail, cause: error });
      case 'final-try':
        return cardError('card-pin-incorrect-final-try', { detail: { ...detail, triesLeft: 1 }, cause: error });
      case 'count-low':
        return cardError('card-pin-incorrect-few-left', { detail, cause: error });
      default:
        return cardError('card-pin-incorrect', { detail, cause: error });
    }
  }
  return cardError(code, { detail, cause: error });
}
