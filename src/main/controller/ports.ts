// What the app controller needs from the card subsystem, the HelseID session and the preference
// store — no more. The real implementations (src/main/card, src/main/auth, src/main/app) satisfy
// these structurally; tests can hand in their own.
import type { ApiCallResult, ApiTokenInfo, LoginStep, SessionEvent, UserView } from '../../shared/session-types.ts';
import type { CardView } from '../../shared/ipc/view-schemas.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { AccessBasis } from '../../shared/portal-types.ts';

export interface CardInfoPort {
  readonly id: string;
  readonly readerId: string;
  readonly holderName: string;
  /** the authentication certificate's GN, SN and subject serialNumber (UN:NO-9578-…), where it has them */
  readonly givenName?: string;
  readonly familyName?: string;
  readonly serialNumber?: string;
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

/** The chosen card's holder as its certificate names them: the login must end as this person. */
export interface CardHolderPort {
  readonly issuer: 'buypass' | 'commfides';
  readonly commonName: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly serialNumber: string;
}

export interface LoginOptionsPort {
  cardIssuer?: 'buypass' | 'commfides';
  card?: CardHolderPort;
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

/** A national portal the session can open a patient in (src/main/portals): the controller's view of it. */
export interface PortalPort {
  readonly name: 'kjernejournal';
  state(): {
    readonly state: 'closed' | 'opening' | 'open' | 'closing';
    readonly patientMasked?: string;
    readonly basis?: AccessBasis;
    readonly authorization?: string;
  };
  authorizations(): readonly string[];
  /** the patient's number goes through here once; it is never handed back */
  open(request: {
    readonly patient: string;
    readonly basis: AccessBasis;
    readonly authorization?: string | undefined;
    readonly language: Language;
  }): Promise<void>;
  close(): Promise<void>;
  onChange(listener: () => void): () => void;
  /** failures no command waited for (a refresh the portal refused) */
  onFailure(listener: (error: unknown) => void): () => void;
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
