// Worker side: watches one module's slots and posts a scan whenever readers, cards or PIN flags
// change. Cost model (idle must stay < 1% of a core, removal seen < 250 ms):
// - every pollIntervalMs a cheap check: C_GetSlotList + C_GetSlotInfo + C_GetTokenInfo per slot,
//   compared as a fingerprint (SoftHSM, 6 slots: ~0.2 ms); certificates are read only for a token
//   not seen before. A deleted SoftHSM token makes C_GetTokenInfo fail: "card removed" at once;
// - a non-blocking C_WaitForSlotEvent where the module has it (a blocking one would hold this
//   thread, and operations share it);
// - modules that never delivered an event are re-initialised every reinitIntervalMs (~1 ms for
//   SoftHSM), as SoftHSM only sees tokens created before its C_Initialize.
import { pkcs11js, type Handle, type Pkcs11 } from './pkcs11-lib.ts';
import { ckrName } from './map-pkcs11-error.ts';
import { CKF_PROTECTED_AUTHENTICATION_PATH, pinStateFromFlags } from './pin-state.ts';
import { readToken, type TokenBasics } from './token-reader.ts';
import type { ScannedCard, ScannedReader, WorkerInit } from './worker-protocol.ts';

const p = pkcs11js;
const CKF_TOKEN_PRESENT = 0x1; // a slot flag missing from pkcs11js's typings

interface SlotState { readonly slot: Handle; readonly reader: ScannedReader; readonly token?: TokenBasics }

export function initializeModule(lib: Pkcs11): void {
  try {
    lib.C_Initialize({ flags: p.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (ckrName(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw error;
  }
}

/** Probes once whether the module raises slot events (SoftHSM and many others do not). */
export function supportsSlotEvents(lib: Pkcs11): boolean {
  try {
    lib.C_WaitForSlotEvent(p.CKF_DONT_BLOCK);
    return true;
  } catch (error) {
    return ckrName(error) === 'CKR_NO_EVENT';
  }
}

export class SlotWatcher {
  readonly #lib: Pkcs11;
  readonly #init: WorkerInit;
  readonly #slotEvents: boolean;
  readonly #post: (readers: ScannedReader[], cards: ScannedCard[]) => void;
  readonly #cardCache = new Map<string, ScannedCard>(); // by token serial: certificates do not change
  // undefined until the first scan, so that a module with no slots at all still reports once
  #fingerprint: string | undefined = undefined;
  #lastReinit = Date.now();
  #eventsSeen = false;

  constructor(lib: Pkcs11, init: WorkerInit, slotEvents: boolean, post: (readers: ScannedReader[], cards: ScannedCard[]) => void) {
    this.#lib = lib;
    this.#init = init;
    this.#slotEvents = slotEvents;
    this.#post = post;
  }

  /** One polling step; `now` in ms. Throws only when the module itself fails. */
  tick(now: number): void {
    // An event is only a hint to rescan: the cheap check runs on every tick anyway, because
    // SoftHSM answers the non-blocking C_WaitForSlotEvent with CKR_NO_EVENT yet never raises one.
    if (this.#slotEvents && this.#drainEvents()) this.#eventsSeen = true;
    if (now - this.#lastReinit >= this.#init.reinitIntervalMs) {
      this.#lastReinit = now;
      // Only a module that has proven it reports events is trusted to see new tokens by itself.
      if (!this.#eventsSeen) {
        this.#lib.C_Finalize();
        initializeModule(this.#lib);
      }
    }
    const slots = this.#readSlots();
    const fingerprint = slots.map((s) => `${s.reader.slotId}|${s.reader.label}|${s.token?.serial ?? '-'}|${s.token?.flags ?? 0}`).join(';');
    if (fingerprint === this.#fingerprint) return;
    this.#fingerprint = fingerprint;
    const cards = slots.flatMap((s) => (s.token ? [this.#card(s.slot, s.token, now)] : []));
    this.#post(slots.map((s) => s.reader), cards);
  }

  #drainEvents(): boolean {
    let any = false;
    for (let i = 0; i < 16; i++) {
      try {
        if (this.#lib.C_WaitForSlotEvent(p.CKF_DONT_BLOCK) === null) break;
        any = true;
      } catch {
        break;
      }
    }
    return any;
  }

  #readSlots(): SlotState[] {
    return this.#lib.C_GetSlotList(false).flatMap((slot): SlotState[] => {
      const slotId = slot.toString('hex');
      let slotInfo;
      try {
        slotInfo = this.#lib.C_GetSlotInfo(slot);
      } catch {
        return []; // reader vanished between the two calls
      }
      const label = slotInfo.slotDescription.trim() || `slot ${slotId}`;
      let token: TokenBasics | undefined;
      if (slotInfo.flags & CKF_TOKEN_PRESENT) {
        try {
          const info = this.#lib.C_GetTokenInfo(slot);
          // SoftHSM's spare uninitialised slot is not a card
          if (info.flags & p.CKF_TOKEN_INITIALIZED) token = { slotId, serial: info.serialNumber.trim(), label: info.label.trim(), flags: info.flags };
        } catch {
          token = undefined; // card pulled (or token deleted): not present
        }
      }
      const pinPad = token ? (token.flags & CKF_PROTECTED_AUTHENTICATION_PATH) !== 0 : false;
      return [{ slot, reader: { slotId, label, hasCard: token !== undefined, pinPad }, ...(token ? { token } : {}) }];
    });
  }

  #card(slot: Handle, token: TokenBasics, now: number): ScannedCard {
    let card = this.#cardCache.get(token.serial);
    if (!card || card.slotId !== token.slotId) {
      try {
        card = readToken(this.#lib, slot, token, new Date(now));
        this.#cardCache.set(token.serial, card);
      } catch {
        return unreadableCard(token); // half-inserted card? the next change retries
      }
    }
    // PIN flags change (wrong PIN → count low) while the certificates stay the same
    return { ...card, pin: pinStateFromFlags(token.flags) };
  }
}

function unreadableCard(token: TokenBasics): ScannedCard {
  return {
    slotId: token.slotId, tokenSerial: token.serial, tokenLabel: token.label, pin: pinStateFromFlags(token.flags),
    info: { holderName: '', serialNumber: '', issuerFamily: 'unknown', environment: 'unknown', validFrom: '', validTo: '', state: 'no-auth-certificate' },
  };
}
