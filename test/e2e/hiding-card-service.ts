// The real PKCS#11 card service on SoftHSM, with a hand that can take a card out and put the SAME
// card back (SoftHSM can delete a token but not re-insert it with the same keys). It wraps our own
// interface only; reading and signing still happen on the real SoftHSM token.
import type {
  CardEvent,
  CardService,
  CardSnapshot,
  LocalSignature,
  WebEidAuthToken,
  WebEidChallenge,
} from '../../src/main/card/card-service.ts';
import { cardError } from '../../src/main/card/common/card-error.ts';

export class HidingCardService implements CardService {
  readonly #inner: CardService;
  readonly #hidden = new Set<string>();
  readonly #listeners = new Set<(snapshot: CardSnapshot, event: CardEvent) => void>();

  constructor(inner: CardService) {
    this.#inner = inner;
    inner.onChange((_snapshot, event) => this.#emit(event));
  }

  start(): Promise<void> {
    return this.#inner.start();
  }
  stop(): Promise<void> {
    return this.#inner.stop();
  }
  onChange(listener: (snapshot: CardSnapshot, event: CardEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  snapshot(): CardSnapshot {
    const inner = this.#inner.snapshot();
    const cards = inner.cards.filter((c) => !this.#hidden.has(c.tokenLabel));
    return {
      ...inner,
      cards,
      readers: inner.readers.map((r) => ({ ...r, hasCard: cards.some((c) => c.readerId === r.id) })),
    };
  }

  /** Takes the card out of its reader, as far as the app can tell. */
  pull(tokenLabel: string): void {
    this.#toggle(tokenLabel, true);
  }
  /** Puts the same card back. */
  putBack(tokenLabel: string): void {
    this.#toggle(tokenLabel, false);
  }

  createWebEidAuthToken(cardId: string, pin: Buffer, challenge: WebEidChallenge): Promise<WebEidAuthToken> {
    this.#present(cardId, pin);
    return this.#inner.createWebEidAuthToken(cardId, pin, challenge);
  }
  signLocalChallenge(cardId: string, pin: Buffer, data: Uint8Array): Promise<LocalSignature> {
    this.#present(cardId, pin);
    return this.#inner.signLocalChallenge(cardId, pin, data);
  }

  #present(cardId: string, pin: Buffer): void {
    if (this.snapshot().cards.some((c) => c.id === cardId)) return;
    pin.fill(0);
    throw cardError('card-not-present');
  }

  #toggle(tokenLabel: string, hidden: boolean): void {
    const card = this.#inner.snapshot().cards.find((c) => c.tokenLabel === tokenLabel);
    if (!card) throw new Error(`no card "${tokenLabel}"`);
    if (hidden) this.#hidden.add(tokenLabel);
    else this.#hidden.delete(tokenLabel);
    this.#emit({ type: hidden ? 'card-removed' : 'card-inserted', readerId: card.readerId, cardId: card.id });
  }

  #emit(event: CardEvent): void {
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) listener(snapshot, event);
  }
}
