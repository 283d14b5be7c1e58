// Module process side: reads one module's slots and posts a scan. Card reader modules whose
// readers the card service watches through PC/SC (presence 'pcsc', the default where PC/SC
// answers) are not watched here at all: they are read on request (a PC/SC change, after an
// operation, and every rescan interval), so OpenSC is touched only when something happened.
// Without PC/SC, two ways, chosen per module (WatchPlan), both in the module's own process and
// thread, between operations, so an operation never waits behind a blocking wait:
// - events (readers behind PC/SC, e.g. OpenSC): every pollIntervalMs a non-blocking
//   C_WaitForSlotEvent; slots are read only when it reports one, after an operation, and every
//   rescanIntervalMs as a safety net. Never C_Finalize/C_Initialize. Reading a slot is not cheap
//   there: OpenSC's C_GetTokenInfo locks the card and sends it a PIN-status VERIFY, so polling it
//   every 150 ms would talk to the card ~7 times a second.
//   Not a blocking C_WaitForSlotEvent in a second thread: that needs the module's OS locking
//   across threads, and OpenSC 0.23 deadlocks there when a card leaves mid-command (traced with
//   gdb: sc_lock() reports success after the PIV driver's lock hook failed, sc_unlock() returns
//   early holding card->mutex, the next C_GetTokenInfo waits forever). bench/card-removal.ts
//   measures this mode's removal latency and idle CPU against polling.
// - polling (SoftHSM and modules without events): every pollIntervalMs a cheap check, compared as
//   a fingerprint. Software tokens (no CKF_HW_SLOT, SoftHSM): C_GetSlotList + C_GetSlotInfo +
//   C_GetTokenInfo per slot (6 slots: ~0.2 ms), since a deleted token only shows as a failing
//   C_GetTokenInfo; they are also re-initialised every reinitIntervalMs (~1 ms for SoftHSM), as
//   SoftHSM only sees tokens created before C_Initialize. Card readers (CKF_HW_SLOT) polled
//   instead of watched by events: only C_GetSlotList + C_GetSlotInfo (CKF_TOKEN_PRESENT, no card
//   command), the tokens read as in the events mode (presence changed, after an operation, every
//   rescanIntervalMs). Reading OpenSC's tokens every 150 ms hung OpenSC 0.23 within seconds of a
//   re-insertion (the deadlock below: every C_GetTokenInfo takes the card lock), which is why the
//   card-removal bench's "OpenSC polling" row never finished.
// Certificates are read only for a token not seen before.
import { pkcs11js, type Handle, type Pkcs11 } from './pkcs11-lib.ts';
import { ckrName } from './map-pkcs11-error.ts';
import { CKF_PROTECTED_AUTHENTICATION_PATH, pinStateFromFlags } from './pin-state.ts';
import { readToken, type TokenBasics } from './token-reader.ts';
import type { ScannedCard, ScannedReader, ModuleInit } from '../common/module-protocol.ts';

const p = pkcs11js;
const CKF_TOKEN_PRESENT = 0x1; // slot flags missing from pkcs11js's typings
const CKF_HW_SLOT = 0x4;

interface SlotState {
  readonly slot: Handle;
  readonly reader: ScannedReader;
  readonly token?: TokenBasics;
}

export function initializeModule(lib: Pkcs11): void {
  try {
    lib.C_Initialize({ flags: p.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (ckrName(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw error;
  }
}

/** Probes once whether the module answers a non-blocking C_WaitForSlotEvent (a slot or CKR_NO_EVENT). */
export function supportsSlotEvents(lib: Pkcs11): boolean {
  try {
    lib.C_WaitForSlotEvent(p.CKF_DONT_BLOCK);
    return true;
  } catch (error) {
    return ckrName(error) === 'CKR_NO_EVENT';
  }
}

export interface WatchPlan {
  /**
   * no watching at all: the card service sees presence through PC/SC and asks for a scan when a
   * reader changes (card reader modules, presence 'pcsc'). Otherwise `events` decides.
   */
  readonly onDemand: boolean;
  /** watch by events (true) or by polling every slot (false) */
  readonly events: boolean;
  /** re-initialise every reinitIntervalMs to see new tokens (software tokens such as SoftHSM) */
  readonly reinitializes: boolean;
  /** polling a card reader module: each poll checks slot presence only, tokens are read on a change */
  readonly pollsPresence: boolean;
}

/**
 * SoftHSM also answers CKR_NO_EVENT but never raises an event, so answering is not enough: events
 * are trusted for modules whose slots are hardware slots (card readers). A module with no slot at
 * all yet (no reader plugged in) is a reader module if it answers events.
 */
export function watchPlan(lib: Pkcs11, mode: ModuleInit['slotEvents'], presence: ModuleInit['presence']): WatchPlan {
  const answers = supportsSlotEvents(lib);
  const slots = lib.C_GetSlotList(false);
  const hardware =
    slots.length === 0
      ? answers
      : slots.some((slot) => {
          try {
            return (lib.C_GetSlotInfo(slot).flags & CKF_HW_SLOT) !== 0;
          } catch {
            return false;
          }
        });
  const events = mode === 'events' ? true : mode === 'polling' ? false : answers && hardware;
  return {
    onDemand: presence === 'pcsc' && hardware,
    events,
    reinitializes: !hardware,
    pollsPresence: !events && hardware,
  };
}

export class SlotWatcher {
  readonly #lib: Pkcs11;
  readonly #init: ModuleInit;
  readonly #plan: WatchPlan;
  readonly #post: (readers: ScannedReader[], cards: ScannedCard[]) => void;
  readonly #cardCache = new Map<string, ScannedCard>(); // by token serial: certificates do not change
  // undefined until the first scan, so that a module with no slots at all still reports once
  #fingerprint: string | undefined = undefined;
  #presence: string | undefined = undefined;
  #lastReinit = Date.now();
  #lastScan = 0;
  #rescan = true;
  #unreadable = false;

  constructor(
    lib: Pkcs11,
    init: ModuleInit,
    plan: WatchPlan,
    post: (readers: ScannedReader[], cards: ScannedCard[]) => void,
  ) {
    this.#lib = lib;
    this.#init = init;
    this.#plan = plan;
    this.#post = post;
  }

  /** After an operation: PIN flags may have changed, or the card may have gone. */
  requestRescan(): void {
    this.#rescan = true;
  }

  /** One polling step; `now` in ms. Throws only when the module itself fails. */
  tick(now: number): void {
    if (this.#plan.events) {
      const changed = this.#drainEvents();
      if (!changed && !this.#rescan && now - this.#lastScan < this.#init.rescanIntervalMs) return;
    } else if (this.#plan.pollsPresence) {
      const presence = this.#slotPresence();
      const changed = presence !== this.#presence;
      this.#presence = presence;
      if (!changed && !this.#rescan && now - this.#lastScan < this.#init.rescanIntervalMs) return;
    } else if (this.#plan.reinitializes && now - this.#lastReinit >= this.#init.reinitIntervalMs) {
      this.#lastReinit = now;
      this.#lib.C_Finalize();
      initializeModule(this.#lib);
    }
    this.scan(now, false);
  }

  /** Reads every slot now and posts what it found: when something changed, or always with `always`. */
  scan(now: number, always: boolean): void {
    this.#rescan = false;
    this.#lastScan = now;
    const slots = this.#readSlots();
    const fingerprint = slots
      .map((s) => `${s.reader.slotId}|${s.reader.label}|${s.token?.serial ?? '-'}|${s.token?.flags ?? 0}`)
      .join(';');
    if (fingerprint === this.#fingerprint && !always) return;
    this.#fingerprint = fingerprint;
    this.#unreadable = false;
    const cards = slots.flatMap((s) => (s.token ? [this.#card(s.slot, s.token, now)] : []));
    this.#post(
      slots.map((s) => s.reader),
      cards,
    );
    if (this.#unreadable) {
      this.#fingerprint = undefined;
      this.#rescan = true;
    } // half-inserted? read again next tick
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

  /** Which slots there are and which hold a card, from the slot flags alone (no card command). */
  #slotPresence(): string {
    return this.#lib
      .C_GetSlotList(false)
      .map((slot) => {
        try {
          return `${slot.toString('hex')}:${this.#lib.C_GetSlotInfo(slot).flags & CKF_TOKEN_PRESENT}`;
        } catch {
          return `${slot.toString('hex')}:gone`;
        }
      })
      .join(';');
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
          if (info.flags & p.CKF_TOKEN_INITIALIZED)
            token = { slotId, serial: info.serialNumber.trim(), label: info.label.trim(), flags: info.flags };
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
        this.#unreadable = true;
        return unreadableCard(token);
      }
    }
    // PIN flags change (wrong PIN → count low) while the certificates stay the same
    return { ...card, pin: pinStateFromFlags(token.flags) };
  }
}

function unreadableCard(token: TokenBasics): ScannedCard {
  return {
    slotId: token.slotId,
    tokenSerial: token.serial,
    tokenLabel: token.label,
    pin: pinStateFromFlags(token.flags),
    unreadable: true,
    info: {
      holderName: '',
      serialNumber: '',
      issuerFamily: 'unknown',
      environment: 'unknown',
      validFrom: '',
      validTo: '',
      state: 'no-auth-certificate',
    },
  };
}
