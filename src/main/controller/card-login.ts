// The app's side of a login: one at a time, tied to the card it started with.
//
// The session drives the protocol (src/main/auth/login-flow.ts: PAR, browser, callback, tokens) and
// calls back into us when the authority wants the card to sign its challenge: we ask the window for
// that card's PIN and sign.
// If that card leaves the reader mid-login, the login is aborted — the person walked away, or put
// in another card, and the login must not finish on a card that is no longer there.
// We also remember the fingerprint of the certificate that signed, so that a locked session can
// later be unlocked by that very certificate only (session-lock.ts).
//
// The window has one PIN dialog and one error slot, shared with the lock, so the login uses the
// controller's PinBroker and reports errors, view changes and its success through CardLoginHost.
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { LoginStep } from '../../shared/ipc/view-schemas.ts';
import { fingerprintOfWebEidToken } from './local-challenge.ts';
import { forwardOnly, toViewStep } from './login-steps.ts';
import type { PinBroker } from './pin-broker.ts';
import { withPin } from './pin-loop.ts';
import type { CardChallenge, CardPort, SessionPort } from './ports.ts';
import type { Owner } from './session-lock.ts';

/** Signs the authority's challenge with the card (CardService.createWebEidAuthToken). */
export type CardSigner = (cardId: string, pin: Buffer, challenge: CardChallenge) => Promise<unknown>;

/** A login under way, as the view shows it. */
export interface LoginInProgress {
  readonly step: LoginStep;
  readonly pinError?: ErrorData | undefined;
  readonly cancelling?: boolean;
}

/** The controller's side of what the login changes but does not own. */
export interface CardLoginHost {
  /** the view changed */
  emit(): void;
  /** shows an error in the window */
  fail(error: unknown): void;
  /** a new login starts, so the previous error no longer applies */
  clearError(): void;
  /** a locked session belongs to someone; nobody logs in over it */
  isSessionLocked(): boolean;
  /** the login succeeded: the session now belongs to this card */
  loggedIn(owner: Owner): void;
  /** the person's language, for the pages the browser shows */
  language?(): 'nb' | 'en';
  log(line: string): void;
}

export interface CardLoginOptions {
  cards: CardPort;
  session: SessionPort;
  /** the controller's, shared with the lock: one PIN dialog at a time */
  pins: PinBroker;
  signWithCard: CardSigner;
  /** a retriable card error with one of these codes asks for the PIN again */
  pinRetryCodes: readonly string[];
  host: CardLoginHost;
}

interface RunningLogin {
  cardId: string;
  holderName: string;
  abort: AbortController;
  step: LoginStep;
  pinError?: ErrorData;
  certificate?: string;
  /** the authority asked for the card: the browser needs nothing from the person any more */
  cardAsked: boolean;
  /** the person pressed Avbryt; the window says "Avbryter …" until the login has stopped */
  cancelling: boolean;
}

export class CardLogin {
  readonly #options: CardLoginOptions;
  readonly #host: CardLoginHost;
  #login: RunningLogin | undefined;

  constructor(options: CardLoginOptions) {
    this.#options = options;
    this.#host = options.host;
  }

  /** The login under way for the view, or undefined. */
  loginForView(): LoginInProgress | undefined {
    return this.#login;
  }

  /**
   * Starts a login with this card. Resolves once it has started; the window follows it through view
   * changes, and its outcome (logged in, or an error) reaches the window the same way.
   */
  async login(cardId: string): Promise<void> {
    if (this.#host.isSessionLocked()) throw new AppError('session-locked', { retriable: true });
    if (this.#login) throw new AppError('login-in-progress', { retriable: true });
    const card = this.#options.cards.snapshot().cards.find((c) => c.id === cardId);
    if (!card) throw new AppError('no-card-selected', { retriable: true });
    if (card.state !== 'ok' || card.issuerFamily === 'unknown')
      throw new AppError('card-not-usable', { detail: { state: card.state } });
    const abort = new AbortController();
    const login: RunningLogin = {
      cardId,
      holderName: card.holderName,
      abort,
      step: 'starting',
      cardAsked: false,
      cancelling: false,
    };
    this.#login = login;
    this.#host.clearError();
    this.#host.emit();
    const session = this.#options.session;
    const issuer = card.issuerFamily;
    void session
      .login({
        cardIssuer: issuer,
        // the login is kept only if it ends as this card's holder (src/main/auth/login-acceptance.ts)
        card: {
          issuer,
          commonName: card.holderName,
          ...(card.givenName ? { givenName: card.givenName } : {}),
          ...(card.familyName ? { familyName: card.familyName } : {}),
          serialNumber: card.serialNumber ?? '',
        },
        signal: abort.signal,
        ...(this.#host.language ? { language: this.#host.language() } : {}),
        onProgress: (step) => this.#setStep(toViewStep(step, login.cardAsked)),
      })
      .then(
        () => {
          const personId = session.personId?.();
          this.#host.loggedIn({
            cardId,
            holderName: login.holderName,
            ...(login.certificate ? { certificate: login.certificate } : {}),
            ...(personId ? { personId } : {}),
          });
        },
        (error: unknown) => {
          // a login we aborted on purpose (cancel, card removed) already says why, or needs no error
          if (!abort.signal.aborted || !isCancel(error)) this.#host.fail(error);
        },
      )
      .finally(() => {
        if (this.#login === login) this.#login = undefined;
        this.#options.pins.cancel(new AppError('login-cancelled', { retriable: true }));
        this.#host.emit();
      });
  }

  /** The person cancelled: abort the login and close its PIN dialog. Not an error. */
  cancel(): void {
    const login = this.#login;
    if (login && !login.cancelling) {
      login.cancelling = true;
      this.#host.emit(); // "Avbryter …" at once; the card list follows when the login has stopped
    }
    login?.abort.abort(new AppError('login-cancelled', { retriable: true }));
    this.#options.pins.cancel(new AppError('login-cancelled', { retriable: true }));
  }

  /**
   * What the session calls when the authority wants the card's signature: asks for the running
   * login's PIN (again after a wrong one) and signs the challenge with that card.
   */
  async authenticateWithCard(challenge: CardChallenge): Promise<unknown> {
    const login = this.#login;
    if (!login) throw new AppError('login-cancelled', { retriable: true });
    login.cardAsked = true;
    this.#setStep('pin');
    const token = await withPin({
      pins: this.#options.pins,
      cardId: login.cardId,
      retryCodes: this.#options.pinRetryCodes,
      emit: () => this.#host.emit(),
      setPinError: (error) => (error ? (login.pinError = error) : delete login.pinError),
      operation: (pin) => this.#options.signWithCard(login.cardId, pin, challenge),
    });
    // remembered so that a locked session can later be unlocked by this very certificate only
    const certificate = fingerprintOfWebEidToken(token);
    if (certificate) login.certificate = certificate;
    return token;
  }

  /** The cards changed: abort the login if its card left. The caller emits the view afterwards. */
  onCardsChanged(present: ReadonlySet<string>): void {
    const login = this.#login;
    if (!login || present.has(login.cardId)) return;
    this.#host.log('card removed during login: aborting the login');
    const error = new AppError('card-removed', { retriable: true });
    login.abort.abort(error);
    this.#options.pins.cancel(error);
    this.#host.fail(error);
  }

  /** Progress moves forward only: a later report of an earlier step (card signing after the PIN) is not shown. */
  #setStep(step: LoginStep | undefined): void {
    if (!this.#login) return;
    const next = forwardOnly(this.#login.step, step);
    if (next === this.#login.step) return;
    this.#login.step = next;
    this.#host.emit();
  }
}

function isCancel(error: unknown): boolean {
  return isAppError(error) && (error.code === 'login-cancelled' || error.code === 'card-removed');
}
