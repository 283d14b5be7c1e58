// The one interface the app uses for smart cards. Implementations: the PKCS#11 one
// (pkcs11-card-service.ts, all card work in one child process per module) and a scripted fake
// (fake-card-service.ts) for tests and the preview. Errors are AppError<CardErrorCode>.
import type { CardEvent, CardSnapshot, WebEidAuthToken } from '../../shared/card-types.ts';

export type { CardEvent, CardSnapshot, WebEidAuthToken } from '../../shared/card-types.ts';

export interface WebEidChallenge {
  readonly challenge: string;
  readonly origin: string;
}

export interface LocalSignature {
  readonly signature: Uint8Array;
  readonly certificateDer: Uint8Array;
  /** JOSE name of what was done: 'RS256' = RSASSA-PKCS1-v1_5 over SHA-256 of `data` */
  readonly algorithm: string;
}

export interface CardService {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** readers and cards now */
  snapshot(): CardSnapshot;
  onChange(listener: (snapshot: CardSnapshot, event: CardEvent) => void): () => void;
  /** Signs the Web eID challenge with the card's authentication key. Always zeroes `pin`. */
  createWebEidAuthToken(cardId: string, pin: Buffer, challenge: WebEidChallenge): Promise<WebEidAuthToken>;
  /** Signs `data` with the authentication key (for unlocking). Always zeroes `pin`. */
  signLocalChallenge(cardId: string, pin: Buffer, data: Uint8Array): Promise<LocalSignature>;
}
