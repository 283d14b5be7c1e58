// Asks the window for the PIN and runs one card operation with it, asking again after a wrong PIN
// (the card's retriable PIN codes) and giving up on anything else. Shared by login and unlock, so
// both treat a PIN the same way: a Buffer that is zeroed when the operation returns.
import type { ErrorData } from '../../shared/errors/app-error.ts';
import { isAppError } from '../../shared/errors/app-error.ts';
import type { PinBroker } from './pin-broker.ts';

export interface PinLoopOptions<T> {
  pins: PinBroker;
  cardId: string;
  retryCodes: readonly string[];
  /** the view must change when a request opens or a PIN was sent */
  emit: () => void;
  /** the reason to show in the next PIN dialog (undefined once a PIN worked) */
  setPinError: (error: ErrorData | undefined) => void;
  operation: (pin: Buffer) => Promise<T>;
}

export async function withPin<T>(options: PinLoopOptions<T>): Promise<T> {
  for (;;) {
    const pin = await options.pins.ask(options.cardId, options.emit);
    options.emit();
    try {
      const result = await options.operation(pin);
      options.setPinError(undefined);
      return result;
    } catch (error) {
      if (isAppError(error) && error.retriable && options.retryCodes.includes(error.code)) {
        options.setPinError(error.toData());
        continue;
      }
      throw error;
    } finally {
      pin.fill(0);
    }
  }
}
