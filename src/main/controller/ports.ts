// What the app controller needs from the card subsystem and the HelseID session — no more.
// The real implementations (src/main/card, src/main/auth) satisfy these structurally; tests can
// hand in their own.
import type { ApiCallResult, ApiTokenInfo, LoginStep, SessionEvent, UserView } from '../../shared/session-types.ts';
import type { CardView } from '../../shared/ipc/view-schemas.ts';

export interface CardInfoPort {
  readonly id: string;
  readonly readerId: string;
  readonly holderName: string;
  readonly issuerFamily: CardView['issuerFamily'];
  readonly environment: CardView['environment'];
  readonly validTo: string | Date;
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
  onProgress?: (step: LoginStep) => void;
}

export interface SessionPort {
  login(options: LoginOptionsPort): Promise<UserView>;
  user(): UserView | undefined;
  apis(): readonly ApiTokenInfo[];
  callApi(name: string): Promise<ApiCallResult>;
  logout(options: { endSessionInBrowser: boolean }): Promise<void>;
  endSessionForCardRemoval(): Promise<void>;
  onEvent?(listener: (event: SessionEvent) => void): () => void;
}
