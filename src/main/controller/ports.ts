// What the app controller needs from the card subsystem, the HelseID session and the preference
// store — no more. The real implementations (src/main/card, src/main/auth, src/main/app) satisfy
// these structurally; tests can hand in their own.
import type { ApiCallResult, ApiTokenInfo, LoginStep, SessionEvent, UserView } from '../../shared/session-types.ts';
import type { CardView } from '../../shared/ipc/view-schemas.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';

export interface CardInfoPort {
  readonly id: string;
  readonly readerId: string;
  readonly holderName: string;
  readonly issuerFamily: CardView['issuerFamily'];
  readonly environment: CardView['environment'];
  readonly validTo: string | Date;
  readonly validFrom?: string | Date;
  readonly state: CardView['state'];
  readonly pin: CardView['pin'];
}

export interface CardSnapshotPort {
  readonly readers: readonly { readonly id: string; readonly label: string }[];
  readonly cards: readonly CardInfoPort[];
}

export interface CardPort {
  snapshot(): CardSnapshotPort;
  onChange(listener: (snapshot: CardSnapshotPort) => void): () => void;
}

export interface CardChallenge {
  readonly challenge: string;
  readonly origin: string;
}

export interface LoginOptionsPort {
  cardIssuer?: 'buypass' | 'commfides';
  signal?: AbortSignal;
  /** the person's language, for the pages the browser shows */
  language?: Language;
  onProgress?: (step: LoginStep) => void;
}

export interface SessionPort {
  login(options: LoginOptionsPort): Promise<UserView>;
  user(): UserView | undefined;
  /** the plain national id number; compared inside main only, never shown */
  personId?(): string | undefined;
  apis(): readonly ApiTokenInfo[];
  callApi(name: string): Promise<ApiCallResult>;
  switchOrganization?(orgNumber: string | undefined): Promise<void>;
  logout(options: { endSessionInBrowser: boolean; language?: Language }): Promise<void>;
  endSessionForCardRemoval(options?: { language?: Language }): Promise<void>;
  onEvent?(listener: (event: SessionEvent) => void): () => void;
}

export interface Preferences {
  readonly language: Language;
  /** start the app when the person logs in to the OS session */
  readonly startAtLogin: boolean;
  /** each person's last unit ('' = none), keyed by a keyed hash of the person (unit-memory.ts) */
  readonly unitChoices?: Readonly<Record<string, string>>;
  /** the key of those hashes (base64url, 32 bytes) */
  readonly unitKey?: string;
}

/** Per-user preferences: electron-store in Electron, memory in the preview and tests. */
export interface PreferencesPort {
  get(): Preferences;
  set(patch: Partial<Preferences>): void;
}

export const DEFAULT_PREFERENCES: Preferences = { language: 'nb', startAtLogin: false };
