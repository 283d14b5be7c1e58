// A scripted card service behind the real interface, for unit tests and the app's preview.
// It models what SoftHSM cannot: a card pulled mid-operation, PIN final try and lock, readers
// unplugged, a module that hangs. Signatures are real (RS256 with a per-card key and a
// self-signed certificate), so a verifier can check them; the issuer is of course not trusted.
import { generateKeyPair, sign as rsaSign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type {
  CardEvent,
  CardInfo,
  CardSnapshot,
  ModuleInfo,
  ReaderInfo,
  WebEidAuthToken,
} from '../../shared/card-types.ts';
import type { CardService, LocalSignature, WebEidChallenge } from './card-service.ts';
import { cardError } from './common/card-error.ts';
import { snapshotEvents } from './snapshot-diff.ts';
import { webEidSignedData, webEidToken } from './web-eid-token.ts';
import { fakeCertificate } from './fake-certificate.ts';

/** `correctPin` is what the fake card accepts; `pin` (from CardInfo) would be the PIN state. */
export type FakeCardSpec = Partial<Omit<CardInfo, 'readerId' | 'pin'>> & {
  readonly correctPin: string;
  readonly triesLeft?: number;
};
type Phase = 'login' | 'sign';
interface FakeCard {
  info: CardInfo;
  pin: string;
  triesLeft: number;
  key?: { privateKey: KeyObject; certificateDer: Uint8Array };
}

export const FAKE_MODULE = '/fake/libfakep11.so';
const MAX_TRIES = 3;

export class FakeCardService implements CardService {
  readonly #listeners = new Set<(snapshot: CardSnapshot, event: CardEvent) => void>();
  #modules: ModuleInfo[] = [{ path: FAKE_MODULE, status: 'loaded' }];
  #readers: ReaderInfo[] = [];
  #cards: FakeCard[] = [];
  #snapshot: CardSnapshot = { modules: this.#modules, readers: [], cards: [] };
  readonly #hung = new Set<string>();
  readonly #replacedOnHang = new Set<string>();
  readonly #removeDuring = new Map<string, Phase>();
  readonly #timeoutMs: number;
  readonly #delayMs: number;
  #nextSerial = 1;

  constructor(options: { operationTimeoutMs?: number; operationDelayMs?: number } = {}) {
    this.#timeoutMs = options.operationTimeoutMs ?? 1_000;
    this.#delayMs = options.operationDelayMs ?? 5;
  }

  async start(): Promise<void> {
    this.#emit();
  }
  async stop(): Promise<void> {
    this.#readers = [];
    this.#cards = [];
    this.#emit();
  }
  snapshot(): CardSnapshot {
    return this.#snapshot;
  }
  onChange(listener: (snapshot: CardSnapshot, event: CardEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- script -------------------------------------------------------------------------------
  addModule(path: string, status: ModuleInfo['status'] = 'loaded', reason?: string): void {
    this.#modules = [...this.#modules.filter((m) => m.path !== path), { path, status, ...(reason ? { reason } : {}) }];
    this.#emit();
  }
  addReader(reader: { id: string; label?: string; module?: string; pinPad?: boolean }): void {
    this.#readers.push({
      id: reader.id,
      label: reader.label ?? reader.id,
      module: reader.module ?? FAKE_MODULE,
      hasCard: false,
      pinPad: reader.pinPad ?? false,
    });
    this.#emit();
  }
  /** Unplugs a reader: its card is reported removed first. */
  removeReader(readerId: string): void {
    this.#cards = this.#cards.filter((c) => c.info.readerId !== readerId);
    this.#readers = this.#readers.filter((r) => r.id !== readerId);
    this.#emit();
  }
  insertCard(readerId: string, spec: FakeCardSpec): string {
    const reader = this.#readers.find((r) => r.id === readerId);
    if (!reader) throw new Error(`fake: no reader ${readerId}`);
    const id = spec.id ?? `${reader.module}:fake-${this.#nextSerial++}`;
    const info: CardInfo = {
      id,
      readerId,
      tokenLabel: spec.tokenLabel ?? 'Fake card',
      holderName: spec.holderName ?? 'Kari Nordmann',
      ...(spec.givenName ? { givenName: spec.givenName } : {}),
      ...(spec.familyName ? { familyName: spec.familyName } : {}),
      serialNumber: spec.serialNumber ?? 'UN:NO-9578-4050-1000001',
      issuerFamily: spec.issuerFamily ?? 'buypass',
      environment: spec.environment ?? 'test',
      validFrom: spec.validFrom ?? new Date(Date.now() - 86_400_000).toISOString(),
      validTo: spec.validTo ?? new Date(Date.now() + 365 * 86_400_000).toISOString(),
      state: spec.state ?? 'ok',
      pin: reader.pinPad ? 'pin-pad-unsupported' : pinState(spec.triesLeft ?? MAX_TRIES),
    };
    this.#cards.push({ info, pin: spec.correctPin, triesLeft: spec.triesLeft ?? MAX_TRIES });
    this.#emit();
    return id;
  }
  removeCard(cardId: string): void {
    this.#cards = this.#cards.filter((c) => c.info.id !== cardId);
    this.#emit();
  }
  /**
   * Takes the reader's card out and puts another in between two looks at the reader (a swap faster
   * than the polling): the app sees one change, from one card to the other. Returns the new card's id.
   */
  swapCard(readerId: string, spec: FakeCardSpec): string {
    this.#cards = this.#cards.filter((c) => c.info.readerId !== readerId); // no snapshot in between
    return this.insertCard(readerId, spec);
  }
  /** The next operation on this card finds it pulled out during `phase`. */
  removeCardDuring(cardId: string, phase: Phase): void {
    this.#removeDuring.set(cardId, phase);
  }
  /**
   * Operations on this module's cards never answer from now on (they time out). `presence: 'pcsc'`:
   * as the real service does for a module whose readers PC/SC watches, the module is replaced and
   * its cards stay listed (the next operation works again); otherwise its cards count as pulled.
   */
  hangModule(path: string = FAKE_MODULE, options: { presence?: 'pcsc' | 'own' } = {}): void {
    this.#hung.add(path);
    if (options.presence === 'pcsc') this.#replacedOnHang.add(path);
  }

  // ---- operations ---------------------------------------------------------------------------
  async createWebEidAuthToken(cardId: string, pin: Buffer, challenge: WebEidChallenge): Promise<WebEidAuthToken> {
    const { signature, certificateDer } = await this.#operate(cardId, pin, webEidSignedData('SHA-256', challenge));
    return webEidToken(certificateDer, signature, 'RS256', 'helseid-desktop/fake');
  }
  async signLocalChallenge(cardId: string, pin: Buffer, data: Uint8Array): Promise<LocalSignature> {
    return { ...(await this.#operate(cardId, pin, data)), algorithm: 'RS256' };
  }

  async #operate(
    cardId: string,
    pinBuffer: Buffer,
    data: Uint8Array,
  ): Promise<{ signature: Uint8Array; certificateDer: Uint8Array }> {
    const pin = pinBuffer.toString('utf8'); // a fake: the real service never makes this string on the main thread
    pinBuffer.fill(0);
    const card = this.#cards.find((c) => c.info.id === cardId);
    if (!card) throw cardError('card-not-present');
    const module = this.#readers.find((r) => r.id === card.info.readerId)?.module ?? FAKE_MODULE;
    if (this.#hung.has(module)) return this.#hang(module);
    if (card.info.state === 'expired') throw cardError('card-certificate-expired');
    if (card.info.state === 'no-auth-certificate') throw cardError('card-no-auth-certificate');
    if (card.info.pin === 'pin-pad-unsupported') throw cardError('card-pin-pad-unsupported');
    if (card.info.pin === 'locked') throw cardError('card-pin-locked');
    await this.#step(card, 'login');
    if (pin !== card.pin) {
      card.triesLeft = Math.max(0, card.triesLeft - 1);
      this.#update(card, pinState(card.triesLeft));
      if (card.triesLeft === 0) throw cardError('card-pin-locked');
      if (card.triesLeft === 1) throw cardError('card-pin-incorrect-final-try', { detail: { triesLeft: 1 } });
      throw cardError('card-pin-incorrect-tries-left', { detail: { triesLeft: card.triesLeft } });
    }
    card.triesLeft = MAX_TRIES;
    if (card.info.pin !== 'ok') this.#update(card, 'ok');
    await this.#step(card, 'sign');
    card.key ??= await fakeKey(card.info);
    return {
      signature: new Uint8Array(rsaSign('sha256', data, card.key.privateKey)),
      certificateDer: card.key.certificateDer,
    };
  }

  async #step(card: FakeCard, phase: Phase): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
    if (this.#removeDuring.get(card.info.id) === phase) {
      this.#removeDuring.delete(card.info.id);
      this.removeCard(card.info.id);
    }
    if (!this.#cards.includes(card)) throw cardError('card-removed');
  }

  async #hang(module: string): Promise<never> {
    await new Promise((resolve) => setTimeout(resolve, this.#timeoutMs));
    if (this.#replacedOnHang.delete(module)) {
      this.#hung.delete(module); // the replacement answers
      throw cardError('card-module-timeout', { detail: { module, timeoutMs: this.#timeoutMs } });
    }
    const readers = new Set(this.#readers.filter((r) => r.module === module).map((r) => r.id));
    this.#cards = this.#cards.filter((c) => !readers.has(c.info.readerId));
    this.#readers = this.#readers.filter((r) => !readers.has(r.id));
    this.addModule(module, 'failed', `module did not answer within ${this.#timeoutMs} ms (hung)`);
    throw cardError('card-module-timeout', { detail: { module, timeoutMs: this.#timeoutMs } });
  }

  #update(card: FakeCard, pin: CardInfo['pin']): void {
    card.info = { ...card.info, pin };
    this.#emit();
  }

  #emit(): void {
    const readers = this.#readers.map((r) => ({ ...r, hasCard: this.#cards.some((c) => c.info.readerId === r.id) }));
    const next: CardSnapshot = { modules: this.#modules, readers, cards: this.#cards.map((c) => c.info) };
    const events = snapshotEvents(this.#snapshot, next);
    this.#snapshot = next;
    for (const event of events) for (const listener of this.#listeners) listener(next, event);
  }
}

function pinState(triesLeft: number): CardInfo['pin'] {
  return triesLeft <= 0 ? 'locked' : triesLeft === 1 ? 'final-try' : triesLeft === 2 ? 'count-low' : 'ok';
}

async function fakeKey(info: CardInfo): Promise<{ privateKey: KeyObject; certificateDer: Uint8Array }> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { privateKey, certificateDer: await fakeCertificate(info, publicKey, privateKey) };
}

export function createFakeCardService(options?: {
  operationTimeoutMs?: number;
  operationDelayMs?: number;
}): FakeCardService {
  return new FakeCardService(options);
}
