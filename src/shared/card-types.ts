// What the card subsystem tells the rest of the app: plain data, no PKCS#11 handles, no private
// data (no PIN, no key, no national id number — the card does not carry one anyway).

export type IssuerFamily = 'buypass' | 'commfides' | 'unknown';
export type CardEnvironment = 'test' | 'prod' | 'unknown';
export type CardState = 'ok' | 'expired' | 'not-yet-valid' | 'no-auth-certificate' | 'unknown-issuer';
export type CardPinState = 'ok' | 'count-low' | 'final-try' | 'locked' | 'pin-pad-unsupported';
export type ModuleStatus = 'loaded' | 'missing' | 'failed';

export interface ModuleInfo {
  readonly path: string;
  readonly status: ModuleStatus;
  /** why it is missing or failed, in words for the diagnostics report (never shown as UI text) */
  readonly reason?: string;
}

export interface ReaderInfo {
  /** stable while the reader stays connected: module + slot */
  readonly id: string;
  readonly label: string;
  /** path of the PKCS#11 module that sees this reader */
  readonly module: string;
  readonly hasCard: boolean;
  /** CKF_PROTECTED_AUTHENTICATION_PATH: a PIN pad, which this app cannot drive */
  readonly pinPad: boolean;
}

export interface CardInfo {
  /** stable per token: module + token serial */
  readonly id: string;
  readonly readerId: string;
  readonly tokenLabel: string;
  readonly holderName: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** subject serialNumber of the authentication certificate, 'UN:NO-9578-…' ('' when none) */
  readonly serialNumber: string;
  readonly issuerFamily: IssuerFamily;
  readonly environment: CardEnvironment;
  /** ISO 8601 validity of the authentication certificate ('' when none) */
  readonly validFrom: string;
  readonly validTo: string;
  readonly state: CardState;
  readonly pin: CardPinState;
}

export interface CardSnapshot {
  readonly modules: readonly ModuleInfo[];
  readonly readers: readonly ReaderInfo[];
  readonly cards: readonly CardInfo[];
}

export type CardEvent =
  | { readonly type: 'reader-added'; readonly readerId: string }
  | { readonly type: 'reader-removed'; readonly readerId: string }
  /** a reader now holds a card or is empty (PC/SC sees it before the card is read), or got a PIN pad */
  | { readonly type: 'reader-changed'; readonly readerId: string }
  | { readonly type: 'card-inserted'; readonly readerId: string; readonly cardId: string }
  | { readonly type: 'card-removed'; readonly readerId: string; readonly cardId: string }
  /** same card, new details (PIN state after a wrong PIN, say) */
  | { readonly type: 'card-changed'; readonly readerId: string; readonly cardId: string }
  /** a module loaded, failed or hung; see snapshot.modules */
  | { readonly type: 'modules-changed' };

/** The Web eID authentication token ("web-eid:1.0"), as the embedded authority verifies it. */
export interface WebEidAuthToken {
  /** base64 DER of the authentication certificate */
  readonly unverifiedCertificate: string;
  readonly algorithm: 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384';
  /** base64 signature over H(H(origin) ‖ H(challenge)), H matching the algorithm */
  readonly signature: string;
  readonly format: 'web-eid:1.0';
  readonly appVersion: string;
}

export const EMPTY_CARD_SNAPSHOT: CardSnapshot = { modules: [], readers: [], cards: [] };
