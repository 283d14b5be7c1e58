// The one view the window shows, assembled from the pieces of state the controller keeps. A pure
// function, so the rules about what the window may see (above all: nothing of a locked session)
// sit in one place and can be read without following the card and session events.
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { Language, UnitView } from '../../shared/ipc/settings-schema.ts';
import type { ApiView, AppView, CardView, LoginStep, PortalView } from '../../shared/ipc/view-schemas.ts';
import type { ApiTokenInfo, UserView } from '../../shared/session-types.ts';
import { toCardView } from './card-view.ts';
import type { OpenPinRequest } from './pin-broker.ts';
import type { CardSnapshotPort } from './ports.ts';

/** What the configuration says clinicians should read for each API, keyed by API name. */
export type ApiLabels = Readonly<
  Record<
    string,
    { readonly displayName?: Readonly<Record<Language, string>>; readonly purpose?: Readonly<Record<Language, string>> }
  >
>;

/** The answer of the last call to an API, shown under it until the session locks, ends or switches unit. */
export type LastCall = NonNullable<ApiView['lastCall']>;

export interface ViewState {
  /** false until the card service has its first snapshot */
  started: boolean;
  language: Language;
  authority: string;
  cards: CardSnapshotPort;
  /** the session's user as the session reports it, whether or not it is locked */
  user: UserView | undefined;
  /** the card that logged in, shown with the user */
  ownerCardId: string | undefined;
  apis: readonly ApiTokenInfo[];
  lastCalls: ReadonlyMap<string, LastCall>;
  /** units the user may switch between (config organizations) */
  units: readonly UnitView[];
  /** display names and purposes of the APIs, per language (config display_name, purpose) */
  apiLabels?: ApiLabels | undefined;
  login:
    { readonly step: LoginStep; readonly pinError?: ErrorData | undefined; readonly cancelling?: boolean } | undefined;
  lock:
    | {
        readonly owner: { readonly cardId: string; readonly holderName: string };
        readonly unlocking: boolean;
        readonly pinError?: ErrorData | undefined;
      }
    | undefined;
  /** the PIN request a card operation is waiting on — the login's or the unlock's, never both */
  pinRequest: OpenPinRequest | undefined;
  error: ErrorData | undefined;
  /** why the session ended, until the next login or the person closes it */
  notice?: NonNullable<AppView['notice']>['code'] | undefined;
  /** the portal a patient can be opened in, when the workstation has one */
  portal?: PortalView | undefined;
}

export function buildView(state: ViewState): AppView {
  const { login, lock, pinRequest } = state;
  const cards = state.cards.cards.map((card) => toCardView(card, state.cards.readers));
  // A locked session is kept in main but shows nothing of itself: no person, no tokens, no units.
  const user = lock ? undefined : state.user;
  const view: AppView = {
    phase: phaseOf(state, user, cards),
    language: state.language,
    authority: state.authority,
    readers: state.cards.readers.length,
    cards,
    apis: user
      ? state.apis.map((api) =>
          toApiView(api, state.lastCalls.get(api.name), state.apiLabels?.[api.name], state.language),
        )
      : [],
    units: user ? [...state.units] : [],
  };
  const pinCard = pinRequest && cards.find((c) => c.id === pinRequest.cardId);
  const pinView =
    pinRequest && pinCard
      ? { requestId: pinRequest.requestId, cardId: pinCard.id, holderName: pinCard.holderName, pin: pinCard.pin }
      : undefined;
  if (login) {
    view.login = { step: pinRequest ? 'pin' : login.step, ...(login.cancelling ? { cancelling: true } : {}) };
    if (pinView) view.login.pinRequest = { ...pinView, ...(login.pinError ? { lastError: login.pinError } : {}) };
  }
  if (lock) {
    // 'verifying': the PIN was sent and the card is signing the local challenge
    view.unlock = {
      holderName: lock.owner.holderName,
      cardPresent: cards.some((c) => c.id === lock.owner.cardId),
      verifying: lock.unlocking && !pinRequest,
    };
    if (pinView && lock.unlocking)
      view.unlock.pinRequest = { ...pinView, ...(lock.pinError ? { lastError: lock.pinError } : {}) };
  }
  if (user) view.user = { ...user, ...(state.ownerCardId ? { cardId: state.ownerCardId } : {}) };
  // the patient open in a portal belongs to the visible session: a locked one shows none
  if (user && state.portal) view.portal = state.portal;
  if (state.error) view.error = state.error;
  if (state.notice && !user && !login && !lock) view.notice = { code: state.notice };
  return view;
}

function phaseOf(state: ViewState, visibleUser: UserView | undefined, cards: readonly CardView[]): AppView['phase'] {
  if (!state.started) return 'starting';
  if (state.lock) return 'locked';
  if (visibleUser) return 'logged-in';
  if (state.login) return 'logging-in';
  if (state.cards.readers.length === 0) return 'no-reader';
  return cards.length === 0 ? 'no-card' : 'card-present';
}

function toApiView(
  api: ApiTokenInfo,
  lastCall: LastCall | undefined,
  labels: ApiLabels[string] | undefined,
  language: Language,
): ApiView {
  const purpose = labels?.purpose?.[language];
  return {
    name: api.name,
    displayName: labels?.displayName?.[language] ?? api.name,
    ...(purpose ? { purpose } : {}),
    audience: api.audience,
    scopes: [...api.scopes],
    ...(api.rejectedScopes?.length ? { rejectedScopes: [...api.rejectedScopes] } : {}),
    state: api.state,
    ...(api.errorCode ? { errorCode: api.errorCode } : {}),
    ...(api.errorReason ? { errorReason: api.errorReason } : {}),
    ...(api.expiresAt === undefined ? {} : { expiresAt: api.expiresAt }),
    ...(lastCall ? { lastCall } : {}),
  };
}
