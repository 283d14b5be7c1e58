// Worker side: PIN login and one signature with the authentication key, in one short session
// that is always logged out and closed. The PIN arrives as bytes and is zeroed here; pkcs11js
// 2.1.7 only takes a JS string for C_Login, so one transient string exists for that call
// (it cannot be wiped; it is never stored, logged or returned).
import { Buffer } from 'node:buffer';
import { pkcs11js, type Handle, type Pkcs11 } from './pkcs11-lib.ts';
import { cardError } from '../common/card-error.ts';
import { ckrName, mapPkcs11Error } from './map-pkcs11-error.ts';
import { pinStateFromFlags } from './pin-state.ts';
import { digestInfo, type HashName } from '../common/digest-info.ts';
import { findObjects } from './token-reader.ts';
import type { SignRequest, SignResult } from '../common/module-protocol.ts';

const p = pkcs11js;
const CARD_GONE = new Set([
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_DEVICE_ERROR',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'card-removed',
  'card-not-present',
]);
const HASHING_MECHANISM: Readonly<Record<HashName, number>> = {
  'SHA-256': p.CKM_SHA256_RSA_PKCS,
  'SHA-384': p.CKM_SHA384_RSA_PKCS,
  'SHA-512': p.CKM_SHA512_RSA_PKCS,
};

function findSlot(lib: Pkcs11, serial: string): Handle | undefined {
  for (const slot of lib.C_GetSlotList(true)) {
    try {
      if (lib.C_GetTokenInfo(slot).serialNumber.trim() === serial) return slot;
    } catch {
      // another card being pulled: not ours
    }
  }
  return undefined;
}

function login(lib: Pkcs11, slot: Handle, session: Handle, pin: Buffer): void {
  const attempt = (): void => lib.C_Login(session, p.CKU_USER, pin.toString('utf8'));
  try {
    attempt();
  } catch (error) {
    if (ckrName(error) === 'CKR_USER_ALREADY_LOGGED_IN') {
      // A login left by someone else (middleware SSO, another session): never accept it in place
      // of this PIN — log out and verify the PIN we were given.
      lib.C_Logout(session);
      return login(lib, slot, session, pin);
    }
    const flags = (() => {
      try {
        return lib.C_GetTokenInfo(slot).flags;
      } catch {
        return 0;
      }
    })();
    throw mapPkcs11Error(error, { method: 'C_Login', pinAfterFailure: pinStateFromFlags(flags) });
  }
}

function findAuthKey(lib: Pkcs11, session: Handle, ckaId: string): Handle {
  const keys = findObjects(lib, session, [
    { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
    { type: p.CKA_ID, value: Buffer.from(ckaId, 'hex') },
  ]);
  if (keys.length !== 1 || !keys[0]) throw cardError('card-key-not-found', { detail: { matches: keys.length } });
  return keys[0];
}

export function signWithAuthKey(lib: Pkcs11, request: SignRequest): SignResult {
  const pin = Buffer.from(request.pin);
  try {
    const slot = findSlot(lib, request.tokenSerial);
    if (!slot) throw cardError('card-not-present');
    const pinState = pinStateFromFlags(lib.C_GetTokenInfo(slot).flags);
    if (pinState === 'locked') throw cardError('card-pin-locked');
    if (pinState === 'pin-pad-unsupported') throw cardError('card-pin-pad-unsupported');
    const mechanisms = lib.C_GetMechanismList(slot);
    const hashing = HASHING_MECHANISM[request.hash];
    const useHashing = mechanisms.includes(hashing);
    if (!useHashing && !mechanisms.includes(p.CKM_RSA_PKCS)) throw cardError('card-mechanism-unsupported');
    const session = lib.C_OpenSession(slot, p.CKF_SERIAL_SESSION);
    let loggedIn = false;
    let cardGone = false;
    try {
      login(lib, slot, session, pin);
      loggedIn = true;
      pin.fill(0);
      const key = findAuthKey(lib, session, request.ckaId);
      lib.C_SignInit(session, { mechanism: useHashing ? hashing : p.CKM_RSA_PKCS }, key);
      const input = useHashing ? Buffer.from(request.data) : digestInfo(request.hash, request.data);
      const signature = lib.C_Sign(session, input, Buffer.alloc(1024));
      return {
        signature: new Uint8Array(signature),
        mechanism: useHashing ? `CKM_${request.hash.replace('-', '')}_RSA_PKCS` : 'CKM_RSA_PKCS',
      };
    } catch (error) {
      // login() has mapped its error already (card-removed / card-not-present)
      cardGone = CARD_GONE.has(ckrName(error) ?? (error as { code?: string }).code ?? '');
      throw error;
    } finally {
      // With the card gone, C_Logout/C_CloseSession would only lock a card that is not there — and
      // OpenSC 0.23 deadlocks doing that (slot-watcher.ts); the session died with the card anyway.
      if (!cardGone) {
        if (loggedIn)
          try {
            lib.C_Logout(session);
          } catch {
            /* CKR_USER_NOT_LOGGED_IN: nothing to undo */
          }
        try {
          lib.C_CloseSession(session);
        } catch {
          /* the session died with the card */
        }
      }
    }
  } catch (error) {
    throw mapPkcs11Error(error);
  } finally {
    pin.fill(0);
  }
}
