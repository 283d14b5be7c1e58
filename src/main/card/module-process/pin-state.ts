// PIN state from the PKCS#11 token flags: all a card tells about remaining tries.
import type { CardPinState } from '../../../shared/card-types.ts';

// CKF_* token flags from PKCS#11 v2.40 (pkcs11js exports the same values; kept here so this
// stays a pure function usable outside the module process)
export const CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
export const CKF_USER_PIN_COUNT_LOW = 0x10000;
export const CKF_USER_PIN_FINAL_TRY = 0x20000;
export const CKF_USER_PIN_LOCKED = 0x40000;

export function pinStateFromFlags(tokenFlags: number): CardPinState {
  if (tokenFlags & CKF_USER_PIN_LOCKED) return 'locked';
  // pkcs11js cannot pass a NULL PIN, which a PIN pad needs (pkcs11js issue #102)
  if (tokenFlags & CKF_PROTECTED_AUTHENTICATION_PATH) return 'pin-pad-unsupported';
  if (tokenFlags & CKF_USER_PIN_FINAL_TRY) return 'final-try';
  if (tokenFlags & CKF_USER_PIN_COUNT_LOW) return 'count-low';
  return 'ok';
}
