// The app's state machine: joins the card subsystem and the HelseID session into the one view the
// window shows, and turns the window's commands into calls on them. Plain Node, no Electron.
//
// Rules that live here because they join both sides:
// - a login is tied to the card it started with; if that card leaves, the login is aborted;
// - when the logged-in person's card leaves, the session ends at once — or, with card_removal
//   'lock', it is kept in main but unusable (no tokens in the view, no calls) until the same card
//   (same certificate) is back and signs a local challenge with its PIN;
// - the PIN goes from the window to the card operation through the PinBroker, never stored.
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { UnitView } from '../../shared/ipc/settings-schema.ts';
import type { ApiView, AppView, LoginStep } from '../../shared/ipc/view-schemas.ts';
import type { ApiTokenInfo } from '../../shared/session-types.ts';
import { toCardView } from './card-view.ts';
import { fingerprintOfWebEidToken, newLocalChallenge, verifyLocalSignature } from './local-challenge.ts';
import type { LocalSignatureInput } from './local-challenge.ts';
import { toViewStep } from './login-steps.ts';
import { PinBroker } from './pin-broker.ts';
import { withPin } from './pin-loop.ts';
import { memoryPreferences } from './memory-preferences.ts';
import type { CardChallenge, CardPort, PreferencesPort, SessionPort } from './ports.ts';
import { redactForRenderer } from './redact.ts';

export type CardSigner = (cardId: string, pin: Buffer, challenge: CardChallenge) => Promise<unknown>;
export type LocalSigner = (cardId: string, pin: Buffer, data: Uint8Array) => Promise<LocalSignatureInput>;

export interface AppControllerOptions {
  cards: CardPort;
  /** built by the caller once the controller exists, because the session needs our card authenticator */
  createSession: (cardAuthenticator: (challenge: CardChallenge) => Promise<unknown>) => SessionPort;
  signWithCard: CardSigner;
  /** CardService.signLocalChallenge; without it 'lock' falls back to ending the session */
  signLocalChallenge?: LocalSigner;
  authority: string;
  /** what pulling the card does (config card_removal) */
  cardRemoval?: 'logout' | 'lock';
  /** units the user may switch between (config organizations) */
  units?: readonly UnitView[];
  preferences?: PreferencesPort;
  /** a retriable card error with one of these codes asks for the PIN again */
  pinRetryCodes?: readonly string[];
  bringToFront?: () => void;
  log?: (line: string) => void;
  now?: () => number;
}

type LastCall = NonNullable<ApiView['lastCall']>;
interface LoginState { cardId: string; holderName: string; abort: AbortController; step: LoginStep; pinError?: ErrorData; certificate?: string }
/** Who the session belongs to: the card and the certificate the authority accepted at login. */
interface Owner { cardId: string; holderName: string; certificate?: string; personId?: string }
interface Lock { owner: Owner; unlocking: boolean; cardAway: boolean; pinError?: ErrorData }

export class AppController {
  readonly #cards: CardPort;
  readonly #session: SessionPort;
  readonly #pins = new PinBroker();
  readonly #options: AppControllerOptions;
  readonly #preferences: PreferencesPort;
  readonly #listeners = new Set<(view: AppView) => void>();
  readonly #lastCalls = new Map<string, LastCall>();
  #login: LoginState | undefined;
  #owner: Owner | undefined;
  #lock: Lock | undefined;
  #error: ErrorData | undefined;
  #started = false;

  constructor(options: AppControllerOptions) {
    this.#options = options;
    this.#cards = options.cards;
    this.#preferences = options.preferences ?? memoryPreferences();
    this.#session = options.createSession((challenge) => this.#authenticateWithCard(challenge));
    this.#cards.onChange(() => this.#onCardsChanged());
    this.#session.onEvent?.(() => this.#emit());
  }

  /** Call once the card service has its first snapshot. */
  start(): void {
    this.#started = true;
    this.#emit();
  }

  onView(listener: (view: AppView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  view(): AppView {
    const snapshot = this.#cards.snapshot();
    const cards = snapshot.cards.map((card) => toCardView(card, snapshot.readers));
    const sessionUser = this.#session.user();
    if (!sessionUser && this.#lock) this.#lock = undefined; // the session ended while locked (expired, revoked)
    const lock = this.#lock;
    const user = lock ? undefined : sessionUser;
    const login = this.#login;
    const pinRequest = this.#pins.open;
    const pinCard = pinRequest && cards.find((c) => c.id === pinRequest.cardId);
    const phase = !this.#started ? 'starting' : lock ? 'locked' : user ? 'logged-in' : login ? 'logging-in' : snapshot.readers.length === 0 ? 'no-reader' : cards.length === 0 ? 'no-card' : 'card-present';
    const view: AppView = {
      phase,
      language: this.#preferences.get().language,
      authority: this.#options.authority,
      readers: snapshot.readers.length,
      cards,
      apis: user ? this.#session.apis().map((api) => this.#apiView(api)) : [],
      units: user ? [...(this.#options.units ?? [])] : [],
    };
    const pinView = pinRequest && pinCard ? { requestId: pinRequest.requestId, cardId: pinCard.id, holderName: pinCard.holderName, pin: pinCard.pin } : undefined;
    if (login) {
      view.login = { step: pinRequest ? 'pin' : login.step };
      if (pinView) view.login.pinRequest = { ...pinView, ...(login.pinError ? { lastError: login.pinError } : {}) };
    }
    if (lock) {
      view.unlock = { holderName: lock.owner.holderName, cardPresent: cards.some((c) => c.id === lock.owner.cardId), verifying: lock.unlocking && !pinRequest };
      if (pinView && lock.unlocking) view.unlock.pinRequest = { ...pinView, ...(lock.pinError ? { lastError: lock.pinError } : {}) };
    }
    if (user) view.user = { ...user, ...(this.#owner ? { cardId: this.#owner.cardId } : {}) };
    if (this.#error) view.error = this.#error;
    return view;
  }

  async login(cardId: string): Promise<void> {
    if (this.#login || this.#lock) throw new AppError(this.#lock ? 'session-locked' : 'login-in-progress', { retriable: true });
    const card = this.#cards.snapshot().cards.find((c) => c.id === cardId);
    if (!card) throw new AppError('no-card-selected', { retriable: true });
    if (card.state !== 'ok' || card.issuerFamily === 'unknown') throw new AppError('card-not-usable', { detail: { state: card.state } });
    const abort = new AbortController();
    const login: LoginState = { cardId, holderName: card.holderName, abort, step: 'starting' };
    this.#login = login;
    this.#error = undefined;
    this.#emit();
    // The login runs on; the window follows it through view changes, not through this call.
    void this.#session
      .login({ cardIssuer: card.issuerFamily, signal: abort.signal, onProgress: (step) => this.#setStep(toViewStep(step)) })
      .then(
        () => {
          const personId = this.#session.personId?.();
          this.#owner = { cardId, holderName: login.holderName, ...(login.certificate ? { certificate: login.certificate } : {}), ...(personId ? { personId } : {}) };
          this.#options.bringToFront?.();
        },
        (error: unknown) => {
          if (!abort.signal.aborted || !isCancel(error)) this.#fail(error);
        },
      )
      .finally(() => {
        if (this.#login === login) this.#login = undefined;
        this.#pins.cancel(new AppError('login-cancelled', { retriable: true }));
        this.#emit();
      });
  }

  cancelLogin(): void {
    this.#login?.abort.abort(new AppError('login-cancelled', { retriable: true }));
    this.#pins.cancel(new AppError('login-cancelled', { retriable: true }));
  }

  submitPin(requestId: string, pin: string): void {
    this.#pins.submit(requestId, pin);
    this.#emit();
  }

  cancelPin(requestId: string): void {
    this.#pins.cancelRequest(requestId);
    this.#emit();
  }

  async logout(): Promise<void> {
    this.cancelLogin();
    this.#owner = undefined;
    this.#lock = undefined;
    this.#lastCalls.clear();
    await this.#session.logout({ endSessionInBrowser: true });
    this.#emit();
  }

  async callApi(name: string): Promise<ApiView> {
    this.#requireUsableSession();
    try {
      const result = await this.#session.callApi(name);
      this.#lastCalls.set(name, { status: result.status, at: this.#now(), body: redactForRenderer(result.body) });
    } catch (error) {
      const data = isAppError(error) ? error.toData() : { code: 'internal', retriable: false };
      this.#lastCalls.set(name, { status: 0, at: this.#now(), body: null, error: data });
      this.#emit();
      throw error;
    }
    this.#emit();
    const api = this.view().apis.find((a) => a.name === name);
    if (!api) throw new AppError('internal');
    return api;
  }

  /** New tokens carrying the chosen child organization (null: none), without a new login. */
  async switchUnit(organization: string | null): Promise<void> {
    this.#requireUsableSession();
    if (!this.#session.switchOrganization) throw new AppError('internal');
    this.#lastCalls.clear(); // answers given for the previous unit must not look like this unit's
    this.#emit();
    await this.#session.switchOrganization(organization ?? undefined);
    this.#emit();
  }

  setLanguage(language: Language): void {
    this.#preferences.set({ language });
    this.#emit();
  }

  dismissError(): void {
    this.#error = undefined;
    this.#emit();
  }

  /** Locks now (OS screen lock, idle); the same card and its PIN unlock. False when it cannot lock safely. */
  lock(): boolean {
    const owner = this.#owner;
    if (this.#lock) return true;
    if (!owner?.certificate || !this.#options.signLocalChallenge || !this.#session.user()) return false;
    this.#lock = { owner, unlocking: false, cardAway: !this.#cards.snapshot().cards.some((c) => c.id === owner.cardId) };
    this.#lastCalls.clear();
    this.#emit();
    return true;
  }

  /** Asks for the PIN of the locked session's card and verifies a local challenge signature. */
  async unlock(): Promise<void> {
    const lock = this.#lock;
    const sign = this.#options.signLocalChallenge;
    if (!lock || !sign) throw new AppError('not-logged-in');
    if (lock.unlocking) return;
    if (!this.#cards.snapshot().cards.some((c) => c.id === lock.owner.cardId)) throw new AppError('unlock-card-missing', { retriable: true });
    lock.unlocking = true;
    this.#error = undefined;
    this.#emit();
    const challenge = newLocalChallenge();
    void withPin({
      pins: this.#pins,
      cardId: lock.owner.cardId,
      retryCodes: this.#options.pinRetryCodes ?? [],
      emit: () => this.#emit(),
      setPinError: (error) => (lock.pinError = error),
      operation: (pin) => sign(lock.owner.cardId, pin, challenge),
    })
      .then((signed) => {
        const verdict = verifyLocalSignature(challenge, signed, lock.owner.certificate!, this.#now());
        const samePerson = !lock.owner.personId || this.#session.personId?.() === lock.owner.personId;
        if (verdict !== 'ok' || !samePerson) {
          this.#log(`unlock refused: ${samePerson ? verdict : 'other-person'}`);
          throw new AppError('unlock-refused', { detail: { reason: samePerson ? verdict : 'other-person' } });
        }
        if (this.#lock === lock) this.#lock = undefined;
        this.#options.bringToFront?.();
      })
      .catch((error: unknown) => {
        if (!isAppError(error) || error.code !== 'login-cancelled') this.#fail(error);
      })
      .finally(() => {
        lock.unlocking = false;
        lock.pinError = undefined;
        this.#emit();
      });
  }

  async #authenticateWithCard(challenge: CardChallenge): Promise<unknown> {
    const login = this.#login;
    if (!login) throw new AppError('login-cancelled', { retriable: true });
    const token = await withPin({
      pins: this.#pins,
      cardId: login.cardId,
      retryCodes: this.#options.pinRetryCodes ?? [],
      emit: () => this.#emit(),
      setPinError: (error) => (error ? (login.pinError = error) : delete login.pinError),
      operation: (pin) => this.#options.signWithCard(login.cardId, pin, challenge),
    });
    // remembered so that a locked session can later be unlocked by this very certificate only
    const certificate = fingerprintOfWebEidToken(token);
    if (certificate) login.certificate = certificate;
    return token;
  }

  #onCardsChanged(): void {
    const present = new Set(this.#cards.snapshot().cards.map((c) => c.id));
    if (this.#login && !present.has(this.#login.cardId)) {
      this.#log('card removed during login: aborting the login');
      const error = new AppError('card-removed', { retriable: true });
      this.#login.abort.abort(error);
      this.#pins.cancel(error);
      this.#error = error.toData();
    }
    const lock = this.#lock;
    if (lock && !present.has(lock.owner.cardId)) {
      lock.cardAway = true;
      this.#pins.cancel(new AppError('login-cancelled', { retriable: true })); // an open unlock PIN dialog
    } else if (lock && lock.cardAway) {
      // the card is back: ask for its PIN right away rather than make the person find a button
      lock.cardAway = false;
      void this.unlock().catch((error: unknown) => this.#fail(error));
    } else if (this.#owner && !present.has(this.#owner.cardId)) {
      if (this.#options.cardRemoval === 'lock' && this.lock()) {
        this.#log('card removed: session locked');
      } else {
        this.#endSessionForCardRemoval();
      }
    }
    this.#emit();
  }

  #endSessionForCardRemoval(): void {
    this.#log('card removed: ending the session');
    this.#owner = undefined;
    this.#lastCalls.clear();
    // Tokens leave memory synchronously inside endSessionForCardRemoval before its first await;
    // revocation and end-session follow in the background.
    void this.#session.endSessionForCardRemoval().catch((error: unknown) => this.#log(`ending the session after card removal failed: ${codeOf(error)}`)).finally(() => this.#emit());
  }

  #requireUsableSession(): void {
    if (this.#lock) throw new AppError('session-locked', { retriable: true });
    if (!this.#session.user()) throw new AppError('not-logged-in', { retriable: true });
  }

  #apiView(api: ApiTokenInfo): ApiView {
    const lastCall = this.#lastCalls.get(api.name);
    return {
      name: api.name,
      audience: api.audience,
      scopes: [...api.scopes],
      state: api.state,
      ...(api.expiresAt === undefined ? {} : { expiresAt: api.expiresAt }),
      ...(lastCall ? { lastCall } : {}),
    };
  }

  #setStep(step: LoginStep): void {
    if (!this.#login) return;
    this.#login.step = step;
    this.#emit();
  }

  #fail(error: unknown): void {
    this.#error = isAppError(error) ? error.toData() : { code: 'internal', retriable: false };
    if (!isAppError(error)) this.#log(`unexpected ${error instanceof Error ? error.name : typeof error}`);
  }

  #emit(): void {
    const view = this.view();
    for (const listener of this.#listeners) listener(view);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #log(line: string): void {
    this.#options.log?.(line);
  }
}

function isCancel(error: unknown): boolean {
  return isAppError(error) && (error.code === 'login-cancelled' || error.code === 'card-removed');
}

function codeOf(error: unknown): string {
  return isAppError(error) ? error.code : 'internal';
}
