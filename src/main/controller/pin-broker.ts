// Hands a PIN from the window to the card operation that is waiting for it.
// Exactly one request can be open; its id is random so a stale dialog cannot answer a new one.
// The PIN becomes a Buffer here and the string is dropped; the card layer zeroes the Buffer.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors/app-error.ts';

export interface OpenPinRequest {
  readonly requestId: string;
  readonly cardId: string;
}

export class PinBroker {
  #pending: { request: OpenPinRequest; resolve: (pin: Buffer) => void; reject: (error: Error) => void } | undefined;

  /** Opens a request and waits for submit() or cancel(). */
  ask(cardId: string, onOpen: (request: OpenPinRequest) => void): Promise<Buffer> {
    this.cancel(new AppError('login-cancelled', { retriable: true }));
    const request = { requestId: randomUUID(), cardId };
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending = { request, resolve, reject };
      onOpen(request);
    });
  }

  get open(): OpenPinRequest | undefined {
    return this.#pending?.request;
  }

  submit(requestId: string, pin: string): void {
    const pending = this.#take(requestId);
    pending.resolve(Buffer.from(pin, 'utf8'));
  }

  cancelRequest(requestId: string): void {
    this.#take(requestId).reject(new AppError('login-cancelled', { retriable: true }));
  }

  /** Rejects whatever is open (card removed, login aborted). */
  cancel(error: Error): void {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(error);
  }

  #take(requestId: string) {
    const pending = this.#pending;
    if (!pending || pending.request.requestId !== requestId)
      throw new AppError('pin-request-expired', { retriable: true });
    this.#pending = undefined;
    return pending;
  }
}
