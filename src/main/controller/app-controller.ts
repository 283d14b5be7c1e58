// The app's state machine: joins the card subsystem and the HelseID session into the one view the
// window shows, and turns the window's commands into calls on them. Plain Node, no Electron.
//
// Rules that live here because they join both sides:
// - a login is tied to the card it started with; if that card leaves, the login is aborted
//   (CardLogin, card-login.ts);
// - when the logged-in person's card leaves, the session ends at once or is locked (SessionLock,
//   session-lock.ts); a locked session refuses calls here and shows nothing in the view;
// - the PIN goes from the window to the card operation through the PinBroker, never stored.
// The view itself is assembled by buildView (build-view.ts) from the state kept here.
import { AppError, errorCode, isAppError, toErrorData } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { UnitView } from '../../shared/ipc/settings-schema.ts';
import type { ApiView, AppView } from '../../shared/ipc/view-schemas.ts';
import { buildView } from './build-view.ts';
import type { ApiLabels, LastCall } from './build-view.ts';
import { CardLogin } from './card-login.ts';
import type { CardSigner } from './card-login.ts';
import { PinBroker } from './pin-broker.ts';
import { memoryPreferences } from './memory-preferences.ts';
import type { CardChallenge, CardPort, PortalPort, PreferencesPort, SessionPort } from './ports.ts';
import type { AccessBasis } from '../../shared/portal-types.ts';
import type { PortalView } from '../../shared/ipc/view-schemas.ts';
import { redactForRenderer } from './redact.ts';
import { SessionLock } from './session-lock.ts';
import { unitMemory, type UnitMemory } from './unit-memory.ts';
import type { LocalSigner } from './session-lock.ts';

export type { CardSigner, LocalSigner };

export interface AppControllerOptions<S extends SessionPort = SessionPort> {
  cards: CardPort;
  /**
   * Builds the session while the controller is made, because the session needs our card
   * authenticator; the caller gets it back as `controller.session`, with its own type.
   */
  createSession: (cardAuthenticator: (challenge: CardChallenge) => Promise<unknown>) => S;
  signWithCard: CardSigner;
  /** CardService.signLocalChallenge; without it 'lock' falls back to ending the session */
  signLocalChallenge?: LocalSigner;
  authority: string;
  /** what pulling the card does (config card_removal) */
  cardRemoval?: 'logout' | 'lock';
  /** units the user may switch between (config organizations) */
  units?: readonly UnitView[];
  /** display names and purposes of the APIs (config display_name, purpose) */
  apiLabels?: ApiLabels;
  preferences?: PreferencesPort;
  /** a retriable card error with one of these codes asks for the PIN again */
  pinRetryCodes?: readonly string[];

  bringToFront?: () => void;
  log?: (line: string) => void;
  now?: () => number;
}

export class AppController<S extends SessionPort = SessionPort> {
  readonly #cards: CardPort;
  readonly #session: S;
  readonly #pins = new PinBroker();
  readonly #options: AppControllerOptions<S>;
  readonly #preferences: PreferencesPort;
  readonly #listeners = new Set<(view: AppView) => void>();
  readonly #lastCalls = new Map<string, LastCall>();
  readonly #sessionLock: SessionLock;
  readonly #cardLogin: CardLogin;
  #portal: PortalPort | undefined;
  readonly #units: UnitMemory;
  #error: ErrorData | undefined;
  #notice: 'session-ended-card-removed' | 'logged-out' | undefined;
  #lastError: { readonly code: string; readonly at: number; readonly detail?: ErrorData['detail'] } | undefined;
  #started = false;
  /** the unit switch under way: the window already says the new unit, its tokens are still coming */
  #unitSwitch: Promise<void> | undefined;

  constructor(options: AppControllerOptions<S>) {
    this.#options = options;
    this.#cards = options.cards;
    this.#preferences = options.preferences ?? memoryPreferences();
    this.#units = unitMemory(this.#preferences, options.authority);
    // the session exists before the login flow that answers its card challenges; the arrow defers
    // the lookup until the session actually calls, which is during a login
    this.#session = options.createSession((challenge) => this.#cardLogin.authenticateWithCard(challenge));
    this.#cardLogin = new CardLogin({
      cards: options.cards,
      session: this.#session,
      pins: this.#pins,
      signWithCard: options.signWithCard,
      pinRetryCodes: options.pinRetryCodes ?? [],
      host: {
        emit: () => this.#emit(),
        fail: (error) => this.#fail(error),
        clearError: () => {
          this.#error = undefined;
          this.#notice = undefined;
        },
        isSessionLocked: () => this.#sessionLock.isLocked,
        language: () => this.#preferences.get().language,
        loggedIn: (owner) => {
          this.#sessionLock.setOwner(owner);
          this.#options.bringToFront?.();
          void this.#restoreUnit();
        },
        log: (line) => this.#log(line),
      },
    });
    this.#sessionLock = new SessionLock({
      cards: options.cards,
      session: this.#session,
      pins: this.#pins,
      signLocalChallenge: options.signLocalChallenge,
      cardRemoval: options.cardRemoval,
      pinRetryCodes: options.pinRetryCodes ?? [],
      host: {
        emit: () => this.#emit(),
        fail: (error) => this.#fail(error),
        clearError: () => (this.#error = undefined),
        forgetApiAnswers: () => this.#lastCalls.clear(),
        sessionLocked: () => void this.#portal?.close().catch((error: unknown) => this.#fail(error)),
        bringToFront: () => this.#options.bringToFront?.(),
        sessionEnded: (reason) => (this.#notice = reason),
        language: () => this.#preferences.get().language,
        log: (line) => this.#log(line),
        now: () => this.#now(),
      },
    });
    this.#cards.onChange(() => this.#onCardsChanged());
    this.#session.onEvent?.(() => this.#emit());
  }

  /**
   * The portal a patient can be opened in (config `portals`), built on this controller's session. It
   * ends its own patient when the login is dropped (logout, card out, quit); the controller ends it
   * at lock and unit switch.
   */
  attachPortal(portal: PortalPort): void {
    this.#portal = portal;
    portal.onChange(() => this.#emit());
    portal.onFailure((error) => {
      this.#fail(error);
      this.#emit();
    });
  }

  /** The session this controller drives (the one createSession built). */
  get session(): S {
    return this.#session;
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
    return buildView({
      started: this.#started,
      language: this.#preferences.get().language,
      authority: this.#options.authority,
      cards: this.#cards.snapshot(),
      user: this.#session.user(),
      ownerCardId: this.#sessionLock.owner?.cardId,
      apis: this.#session.apis(),
      lastCalls: this.#lastCalls,
      units: this.#options.units ?? [],
      apiLabels: this.#options.apiLabels ?? {},
      login: this.#cardLogin.loginForView(),
      lock: this.#sessionLock.lockForView(),
      pinRequest: this.#pins.open,
      error: this.#error,
      notice: this.#notice,
      portal: this.#portalView(),
    });
  }

  #portalView(): PortalView | undefined {
    const portal = this.#portal;
    if (!portal) return undefined;
    const { state, patientMasked, basis, authorization } = portal.state();
    return {
      name: portal.name,
      state,
      ...(patientMasked ? { patientMasked } : {}),
      ...(basis ? { basis } : {}),
      ...(authorization ? { authorization } : {}),
      authorizations: [...portal.authorizations()],
    };
  }

  /**
   * "Åpne Kjernejournal": the patient (its number crosses once, from the window, and is never sent
   * back), the access basis and, when the person holds several, the HPR authorization. Opening
   * another patient ends the first one's portal session.
   */
  async openPortal(patient: string, basis: AccessBasis, authorization?: string): Promise<void> {
    this.#requireUsableSession();
    if (!this.#portal) throw new AppError('portal-not-configured', { detail: { portal: 'kjernejournal' } });
    this.#error = undefined;
    try {
      await this.#portal.open({ patient, basis, authorization, language: this.#preferences.get().language });
    } catch (error) {
      this.#remember(toErrorData(error));
      throw error;
    } finally {
      this.#emit();
    }
  }

  /** The clinician closes the patient: its portal session ends. */
  async closePortal(): Promise<void> {
    await this.#portal?.close();
    this.#emit();
  }

  /** Starts a login with this card; the window follows it through the view. */
  login(cardId: string): Promise<void> {
    return this.#cardLogin.login(cardId);
  }

  cancelLogin(): void {
    this.#cardLogin.cancel();
  }

  submitPin(requestId: string, pin: string): void {
    this.#pins.submit(requestId, pin);
    this.#emit();
  }

  cancelPin(requestId: string): void {
    this.#pins.cancelRequest(requestId);
    // Closing a login's PIN dialog means "stop logging in": a cancelled login, not an error.
    // (A login never runs while locked, so an open login means the dialog was the login's.)
    if (this.#cardLogin.loginForView()) this.#cardLogin.cancel();
    this.#emit();
  }

  async logout(): Promise<void> {
    this.cancelLogin();
    this.#sessionLock.forget();
    this.#lastCalls.clear();
    const hadSession = this.#session.user() !== undefined;
    await this.#session.logout({ endSessionInBrowser: true, language: this.#preferences.get().language });
    if (hadSession) this.#notice = 'logged-out';
    this.#emit();
  }

  async callApi(name: string): Promise<ApiView> {
    this.#requireUsableSession();
    await this.#unitSwitch; // a call made during a unit switch is answered for the new unit
    try {
      const result = await this.#session.callApi(name);
      this.#lastCalls.set(name, { status: result.status, at: this.#now(), body: redactForRenderer(result.body) });
    } catch (error) {
      const data = toErrorData(error);
      this.#lastCalls.set(name, { status: 0, at: this.#now(), body: null, error: data });
      this.#remember(data);
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
    const switchOrganization = this.#session.switchOrganization.bind(this.#session);
    this.#lastCalls.clear(); // answers given for the previous unit must not look like this unit's
    // a call made from here on waits for the whole switch (callApi), the portal's end included
    const switching = (async () => {
      // the patient was opened for the previous unit (its point of care is in the token): it ends
      await this.#portal?.close();
      this.#emit();
      await switchOrganization(organization ?? undefined);
    })();
    const settled = switching.then(
      () => {},
      () => {},
    );
    this.#unitSwitch = settled;
    try {
      await switching;
    } finally {
      if (this.#unitSwitch === settled) this.#unitSwitch = undefined;
    }
    // HelseID accepted it: this person starts in it next time (refused: nothing is remembered)
    const person = this.#session.personId?.();
    if (person !== undefined) this.#units.remember(person, organization ?? '');
    this.#emit();
  }

  /** After a login: back to the unit this person chose last, if it is still offered. */
  async #restoreUnit(): Promise<void> {
    const person = this.#session.personId?.();
    if (person === undefined || !this.#session.switchOrganization) return;
    const unit = this.#units.recall(person);
    const offered = unit === '' || (this.#options.units ?? []).some((u) => u.number === unit);
    if (unit === undefined || !offered || (this.#session.user()?.organization ?? '') === unit) return;
    try {
      await this.#session.switchOrganization(unit === '' ? undefined : unit);
      this.#log('unit: the last unit this person chose was restored');
    } catch (err) {
      // not fatal: the person is logged in, in the default unit, and may choose again
      this.#log(`unit: restoring the last unit failed: ${errorCode(err)}`);
    }
    this.#emit();
  }

  setLanguage(language: Language): void {
    this.#preferences.set({ language });
    this.#emit();
  }

  dismissError(): void {
    this.#error = undefined;
    this.#notice = undefined;
    this.#emit();
  }

  /** Locks now (OS screen lock, idle); the same card and its PIN unlock. False when it cannot lock safely. */
  lock(): boolean {
    return this.#sessionLock.lock();
  }

  /** Asks for the PIN of the locked session's card and verifies a local challenge signature. */
  unlock(): Promise<void> {
    return this.#sessionLock.unlock();
  }

  #onCardsChanged(): void {
    const present = new Set(this.#cards.snapshot().cards.map((c) => c.id));
    this.#cardLogin.onCardsChanged(present);
    this.#sessionLock.onCardsChanged(present);
    this.#emit();
  }

  #requireUsableSession(): void {
    if (this.#sessionLock.isLocked) throw new AppError('session-locked', { retriable: true });
    if (!this.#session.user()) throw new AppError('not-logged-in', { retriable: true });
  }

  /** The last error the window showed, with its time, for the troubleshooting report. */
  lastError(): { readonly code: string; readonly at: number; readonly detail?: ErrorData['detail'] } | undefined {
    return this.#lastError;
  }

  #remember(error: ErrorData): void {
    this.#lastError = { code: error.code, at: this.#now(), ...(error.detail ? { detail: error.detail } : {}) };
  }

  #fail(error: unknown): void {
    this.#error = toErrorData(error);
    this.#remember(this.#error);
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
