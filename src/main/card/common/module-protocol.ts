// Messages between the card service (main) and one module process (one child process per PKCS#11
// module, so a module that hangs blocks only its own cards). Plain structured-cloneable data only.
// Both runtimes import common/; it imports neither.
import type { ErrorData } from '../../../shared/errors/app-error.ts';
import type { CardInfo, CardPinState } from '../../../shared/card-types.ts';
import type { HashName } from './digest-info.ts';

export interface ModuleInit {
  readonly module: string;
  /** cheap slot/token check interval */
  readonly pollIntervalMs: number;
  /** full re-initialisation (SoftHSM needs it to see new tokens) or safety rescan interval */
  readonly reinitIntervalMs: number;
  readonly aliveIntervalMs: number;
  /** event-driven modules: full rescan interval even without an event (a missed event's bound) */
  readonly rescanIntervalMs: number;
  /** 'auto': events for modules whose slots are readers and that answer C_WaitForSlotEvent */
  readonly slotEvents: 'auto' | 'events' | 'polling';
  /**
   * 'pcsc': the card service watches presence through PC/SC itself, so a module whose slots are
   * card readers does not watch at all: it reads its slots only when asked ('rescan') and after an
   * operation. Software tokens (SoftHSM) keep watching themselves. 'own': the module watches.
   */
  readonly presence: 'pcsc' | 'own';
  /**
   * The PC/SC changes the service had seen when it started this process: the stamp of its first
   * scans. (0 here once made a replacing module's first scan older than every reader that ever
   * changed, so a card inserted while its predecessor hung waited for the next periodic rescan.)
   */
  readonly seq: number;
}

/**
 * How long a module call may take: 'quick' — answers at once, or from the card in well under a
 * second; 'init' — C_Initialize, which in OpenSC reads every card already in a reader (≈ 1.2 s
 * each at a real card's speed); 'long' — C_Login/C_Sign, which may wait for a person at a PIN pad
 * or a slow card's RSA.
 */
export type CallBudget = 'quick' | 'init' | 'long';

export interface ScannedReader {
  readonly slotId: string;
  readonly label: string;
  readonly hasCard: boolean;
  readonly pinPad: boolean;
}

export interface ScannedCard {
  readonly slotId: string;
  readonly tokenSerial: string;
  readonly tokenLabel: string;
  readonly info: Omit<CardInfo, 'id' | 'readerId' | 'tokenLabel' | 'pin'>;
  readonly pin: CardPinState;
  readonly authCkaId?: string;
  readonly authCertificateDer?: Uint8Array;
  /** its certificates could not be read (pulled mid-read, half inserted): read again */
  readonly unreadable?: boolean;
}

export interface SignRequest {
  readonly tokenSerial: string;
  readonly ckaId: string;
  /** transferred, zeroed by the module process after C_Login */
  readonly pin: ArrayBuffer;
  readonly data: Uint8Array;
  readonly hash: HashName;
}

export interface SignResult {
  readonly signature: Uint8Array;
  /** 'CKM_SHA256_RSA_PKCS' or 'CKM_RSA_PKCS' (host-hashed DigestInfo) — both give the same bytes */
  readonly mechanism: string;
}

/**
 * `seq` on a request: the card service's count of PC/SC changes when it sent it. A scan carries the
 * last seq its process had received, so the service can tell a scan that may predate a pull or an
 * insertion (and must not decide that reader's content) from a fresh one.
 */
export type ToModuleProcess =
  | { readonly type: 'sign'; readonly id: number; readonly seq: number; readonly request: SignRequest }
  | { readonly type: 'rescan'; readonly seq: number }
  /** a reader the service cannot match to a PC/SC reader: the module watches its slots itself after all */
  | { readonly type: 'watch-self' }
  | { readonly type: 'stop' };
// after a 'sign' the module process rescans that token (its PIN flags may have changed)

export type FromModuleProcess =
  | {
      readonly type: 'loaded';
      readonly slotEvents: boolean;
      readonly reinitializes: boolean;
      /** reads its slots only when asked (presence 'pcsc' and its slots are card readers) */
      readonly onDemand: boolean;
      readonly description: string;
    }
  | { readonly type: 'load-failed'; readonly reason: string }
  | {
      readonly type: 'scan';
      readonly seq: number;
      readonly readers: readonly ScannedReader[];
      readonly cards: readonly ScannedCard[];
    }
  /**
   * about to enter the module (`name`, e.g. C_GetTokenInfo): the service times every call, and one
   * that overstays its budget is a hung module. Any later message means it returned.
   */
  | { readonly type: 'call'; readonly name: string; readonly budget: CallBudget }
  | { readonly type: 'alive' }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: SignResult }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: ErrorData }
  | { readonly type: 'stopped' };
