// The app's state machine: joins the card subsystem and the HelseID session into the one view the
// window shows, and turns the window's commands into calls on them. Plain Node, no Electron.
//
// Rules that live here because they join both sides:
// - a login is tied to the card it started with; if that card leaves, the login is aborted;
// - when the logged-in person's card leaves, the session ends at once (or locks, if configured);
// - the PIN goes from the window to the card operation through the PinBroker, never stored.
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { ApiView, AppView, CardView, LoginStep } from '../../shared/ipc/view-schemas.ts';
import type { ApiTokenInfo } from '../../shared/session-types.ts';
import { toViewStep } from './login-steps.ts';
import { PinBroker } from './pin-broker.ts';
import type { CardChallenge, CardInfoPort, CardPort, SessionPort } from './ports.ts';
import { redactForRenderer } from './redact.ts';

export type CardSigner = (cardId: string, pin: Buffer, challenge: CardChallenge) => Promise<unknown>;

export interface AppControllerOptions {
  cards: CardPort;
  /** built by the caller once the controller exists, because the session needs our card authenticator */
  createSession: (cardAuthenticator: (challenge: CardChallenge) => Promise<unknown>) => SessionPort;
  signWithCard: CardSigner;
  authority: string;
  /** what pulling the card does; 'lock' keeps nothing usable either, see README */
  cardRemoval?: 'logout' | 'lock';
  /** a retriable card error with one of these codes asks for the PIN again */
  pinRetryCodes?: readonly string[];
  bringToFront?: () => void;
  log?: (line: string) => void;
  now?: () => number;
}

type LastCall = NonNullable<ApiView['lastCall']>;

export class AppController {
  readonly #cards: CardPort;
  readonly #session: SessionPort;
  readonly #sign: CardSigner;
  readonly #pins = new PinBroker();
  readonly #options: AppControllerOptions;
  readonly #listeners = new Set<(view: AppView) => void>();
  readonly #lastCalls = new Map<string, LastCall>();
  #login: { cardId: string; abort: AbortController; step: LoginStep; pinError?: ErrorData } | undefined;
  #userCardId: string | undefined;
  #error: ErrorData | undefined;
  #started = false;

  constructor(options: AppControllerOptions) {
    this.#options = options;
    this.#cards = options.cards;
    this.#sign = options.signWithCard;
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
    const user = this.#session.user();
    const login = this.#login;
    const pinRequest = this.#pins.open;
    const pinCard = pinRequest && cards.find((c) => c.id === pinRequest.cardId);
    const view: AppView = {
      phase: !this.#started ? 'starting' : user ? 'logged-in' : login ? 'logging-in' : snapshot.readers.length === 0 ? 'no-reader' : cards.length === 0 ? 'no-card' : 'card-present',
      authority: this.#options.authority,
      readers: snapshot.readers.length,
      cards,
      apis: user ? this.#session.apis().map((api) => this.#apiView(api)) : [],
    };
    if (login) {
      view.login = { step: pinRequest ? 'pin' : login.step };
      if (pinRequest && pinCard) {
        view.login.pinRequest = { requestId: pinRequest.requestId, cardId: pinCard.id, holderName: pinCard.holderName, pin: pinCard.pin, ...(login.pinError ? { lastError: login.pinError } : {}) };
      }
    }
    if (user) view.user = { ...user, ...(this.#userCardId ? { cardId: this.#userCardId } : {}) };
    if (this.#error) view.error = this.#error;
    return view;
  }

  async login(cardId: string): Promise<void> {
    if (this.#login) throw new AppError('login-in-progress', { retriable: true });
    const card = this.#cards.snapshot().cards.find((c) => c.id === cardId);
    if (!card) throw new AppError('no-card-selected', { retriable: true });
    if (card.state !== 'ok' || card.issuerFamily === 'unknown') throw new AppError('card-not-usable', { detail: { state: card.state } });
    const abort = new AbortController();
    this.#login = { cardId, abort, step: 'starting' };
    this.#error = undefined;
    this.#emit();
    // The login runs on; the window follows it through view changes, not through this call.
    void this.#session
      .login({ cardIssuer: card.issuerFamily, signal: abort.signal, onProgress: (step) => this.#setStep(toViewStep(step)) })
      .then(
        () => {
          this.#userCardId = cardId;
          this.#options.bringToFront?.();
        },
        (error: unknown) => {
          if (!abort.signal.aborted || !isCancel(error)) this.#fail(error);
        },
      )
      .finally(() => {
        if (this.#login?.abort === abort) this.#login = undefined;
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
    this.#userCardId = undefined;
    this.#lastCalls.clear();
    await this.#session.logout({ endSessionInBrowser: true });
    this.#emit();
  }

  async callApi(name: string): Promise<ApiView> {
    if (!this.#session.user()) throw new AppError('not-logged-in', { retriable: true });
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

  dismissError(): void {
    this.#error = undefined;
    this.#emit();
  }

  async #authenticateWithCard(challenge: CardChallenge): Promise<unknown> {
    const login = this.#login;
    if (!login) throw new AppError('login-cancelled', { retriable: true });
    const retryCodes = this.#options.pinRetryCodes ?? [];
    for (;;) {
      const pin = await this.#pins.ask(login.cardId, () => this.#emit());
      this.#emit();
      try {
        const token = await this.#sign(login.cardId, pin, challenge);
        login.pinError = undefined;
        return token;
      } catch (error) {
        if (isAppError(error) && error.retriable && retryCodes.includes(error.code)) {
          login.pinError = error.toData();
          continue;
        }
        throw error;
      } finally {
        pin.fill(0);
      }
    }
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
    if (this.#userCardId && !present.has(this.#userCardId)) {
      this.#log('card removed: ending the session');
      this.#userCardId = undefined;
      this.#lastCalls.clear();
      // Tokens leave memory synchronously inside endSessionForCardRemoval before its first await;
      // revocation and end-session follow in the background.
      void this.#session.endSessionForCardRemoval().catch((error: unknown) => this.#log(`ending the session after card removal failed: ${codeOf(error)}`)).finally(() => this.#emit());
    }
    this.#emit();
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
    if (!isAppError(error)) this.#log(`login failed with an unexpected ${error instanceof Error ? error.name : typeof error}`);
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

function toCardView(card: CardInfoPort, readers: readonly { id: string; label: string }[]): CardView {
  return {
    id: card.id,
    readerLabel: readers.find((r) => r.id === card.readerId)?.label ?? card.readerId,
    holderName: card.holderName,
    issuerFamily: card.issuerFamily,
    environment: card.environment,
    validTo: typeof card.validTo === 'string' ? card.validTo : card.validTo.toISOString(),
    state: card.state,
    pin: card.pin,
  };
}

function isCancel(error: unknown): boolean {
  return isAppError(error) && (error.code === 'login-cancelled' || error.code === 'card-removed');
}

function codeOf(error: unknown): string {
  return isAppError(error) ? error.code : 'internal';
}
