// What happens to a logged-in session when its card leaves the reader.
//
// A session belongs to the card that logged in (its owner) — the card the login was proven with, which
// login-acceptance.ts made sure is the person HelseID returned. Only that card's leaving counts: other
// cards coming and going (the same person's second card, a colleague's) change nothing; a card
// swapped in the same reader is another card (its id is module + token serial); a reader unplugged
// takes its card with it; the same card put back does not bring an ended session back. When the
// owner's card leaves, the session either ends at once or, with card_removal 'lock', is kept in main
// but unusable until the SAME card (same certificate, see local-challenge.ts) is back and signs a
// local challenge with its PIN.
// We only lock when we could unlock safely — we know the login certificate and can sign locally;
// otherwise pulling the card ends the session, as with 'logout'.
//
// The window has one PIN dialog and one error slot, both shared with the login, so the lock works
// through the controller's PinBroker and reports errors and view changes through SessionLockHost.
import { AppError, isAppError, errorCode } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import { newLocalChallenge, verifyLocalSignature } from './local-challenge.ts';
import type { LocalSignatureInput } from './local-challenge.ts';
import type { PinBroker } from './pin-broker.ts';
import { withPin } from './pin-loop.ts';
import type { CardPort, SessionPort } from './ports.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';

export type LocalSigner = (cardId: string, pin: Buffer, data: Uint8Array) => Promise<LocalSignatureInput>;

/** Who the session belongs to: the card and the certificate the authority accepted at login. */
export interface Owner {
  cardId: string;
  holderName: string;
  certificate?: string;
  personId?: string;
}

/** A locked session: whose it is, and how far the person is in unlocking it. */
export interface Lock {
  readonly owner: Owner;
  unlocking: boolean;
  cardAway: boolean;
  pinError?: ErrorData;
}

/** The controller's side of what the lock changes but does not own. */
export interface SessionLockHost {
  /** the view changed */
  emit(): void;
  /** shows an error in the window */
  fail(error: unknown): void;
  /** an unlock attempt starts, so the previous error no longer applies */
  clearError(): void;
  /** the session locked or ended: the API answers the window showed for it go with it */
  forgetApiAnswers(): void;
  /** the session locked: what it opened elsewhere (a patient in a portal) is ended */
  sessionLocked?(): void;
  bringToFront(): void;
  /** the window says why the session ended */
  sessionEnded(reason: 'session-ended-card-removed'): void;
  /** the person's language, for the browser's "you are logged out" page */
  language?(): Language;
  log(line: string): void;
  now(): number;
}

export interface SessionLockOptions {
  cards: CardPort;
  session: SessionPort;
  /** the controller's, shared with the login: one PIN dialog at a time */
  pins: PinBroker;
  /** without it we cannot verify the card locally, so removal ends the session instead of locking */
  signLocalChallenge?: LocalSigner | undefined;
  /** what pulling the owner's card does (config card_removal) */
  cardRemoval?: 'logout' | 'lock' | undefined;
  pinRetryCodes: readonly string[];
  host: SessionLockHost;
}

export class SessionLock {
  readonly #options: SessionLockOptions;
  readonly #host: SessionLockHost;
  #owner: Owner | undefined;
  #lock: Lock | undefined;

  constructor(options: SessionLockOptions) {
    this.#options = options;
    this.#host = options.host;
  }

  get owner(): Owner | undefined {
    return this.#owner;
  }

  get isLocked(): boolean {
    return this.#lock !== undefined;
  }

  /** A login succeeded: from now on this card's removal locks or ends the session. */
  setOwner(owner: Owner): void {
    this.#owner = owner;
  }

  /** The person logged out: nobody owns the session and there is nothing left to unlock. */
  forget(): void {
    this.#owner = undefined;
    this.#lock = undefined;
  }

  /**
   * The lock for the view. A session that ended while locked (expired, revoked) leaves nothing to
   * unlock, so the lock is dropped here, where every session event ends up.
   */
  lockForView(): Readonly<Lock> | undefined {
    if (this.#lock && !this.#options.session.user()) this.#lock = undefined;
    return this.#lock;
  }

  /** Locks now (card removed, OS screen lock, idle). False when it cannot lock safely. */
  lock(): boolean {
    const owner = this.#owner;
    if (this.#lock) return true;
    if (!owner?.certificate || !this.#options.signLocalChallenge || !this.#options.session.user()) return false;
    this.#lock = { owner, unlocking: false, cardAway: !this.#isPresent(owner.cardId) };
    this.#host.forgetApiAnswers();
    this.#host.sessionLocked?.();
    this.#host.emit();
    return true;
  }

  /**
   * Asks for the PIN of the locked session's card and verifies a local challenge signature. Resolves
   * once the PIN dialog is open; the outcome reaches the window through the view.
   */
  async unlock(): Promise<void> {
    const lock = this.#lock;
    const sign = this.#options.signLocalChallenge;
    if (!lock || !sign) throw new AppError('not-logged-in');
    if (lock.unlocking) return;
    if (!this.#isPresent(lock.owner.cardId)) throw new AppError('unlock-card-missing', { retriable: true });
    lock.unlocking = true;
    this.#host.clearError();
    this.#host.emit();
    const challenge = newLocalChallenge();
    void withPin({
      pins: this.#options.pins,
      cardId: lock.owner.cardId,
      retryCodes: this.#options.pinRetryCodes,
      emit: () => this.#host.emit(),
      setPinError: (error) => (lock.pinError = error),
      operation: (pin) => sign(lock.owner.cardId, pin, challenge),
    })
      .then((signed) => {
        const verdict = verifyLocalSignature(challenge, signed, lock.owner.certificate!, this.#host.now());
        // the same card, and the session held in main is still that person's
        const samePerson = !lock.owner.personId || this.#options.session.personId?.() === lock.owner.personId;
        if (verdict !== 'ok' || !samePerson) {
          this.#host.log(`unlock refused: ${samePerson ? verdict : 'other-person'}`);
          throw new AppError('unlock-refused', { detail: { reason: samePerson ? verdict : 'other-person' } });
        }
        if (this.#lock === lock) this.#lock = undefined;
        this.#host.bringToFront();
      })
      .catch((error: unknown) => {
        // 'login-cancelled': the person closed the PIN dialog, or the card left again; not an error
        if (!isAppError(error) || error.code !== 'login-cancelled') this.#host.fail(error);
      })
      .finally(() => {
        lock.unlocking = false;
        lock.pinError = undefined;
        this.#host.emit();
      });
  }

  /** The cards changed: lock or end the session when the owner's card left, ask for the PIN when it is back. */
  onCardsChanged(present: ReadonlySet<string>): void {
    const lock = this.#lock;
    if (lock && !present.has(lock.owner.cardId)) {
      lock.cardAway = true;
      this.#options.pins.cancel(new AppError('login-cancelled', { retriable: true })); // an open unlock PIN dialog
    } else if (lock && lock.cardAway) {
      // the card is back: ask for its PIN right away rather than make the person find a button
      lock.cardAway = false;
      void this.unlock().catch((error: unknown) => this.#host.fail(error));
    } else if (this.#owner && !present.has(this.#owner.cardId)) {
      if (!this.#options.session.user()) {
        // the session ended by itself before (expired, refused refresh): nothing to end, and no
        // "ended because the card was removed" for a session that was no longer there
        this.#owner = undefined;
      } else if (this.#options.cardRemoval === 'lock' && this.lock()) {
        this.#host.log('card removed: session locked');
      } else {
        this.#endSession();
      }
    }
  }

  #endSession(): void {
    this.#host.log('card removed: ending the session');
    this.#owner = undefined;
    this.#host.forgetApiAnswers();
    this.#host.sessionEnded('session-ended-card-removed');
    // Tokens leave memory synchronously inside endSessionForCardRemoval before its first await;
    // revocation and end-session follow in the background.
    void this.#options.session
      .endSessionForCardRemoval(this.#host.language ? { language: this.#host.language() } : {})
      .catch((error: unknown) => this.#host.log(`ending the session after card removal failed: ${errorCode(error)}`))
      .finally(() => this.#host.emit());
  }

  #isPresent(cardId: string): boolean {
    return this.#options.cards.snapshot().cards.some((c) => c.id === cardId);
  }
}
