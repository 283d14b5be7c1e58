// Waiting for one card event in the benchmarks: the moment (performance.now()) the card service
// reported the first event matching `match`, or a rejection naming what did not come in time.
import type { CardEvent, CardService } from '../../src/main/card/card-service.ts';

export function nextCardEvent(
  service: CardService,
  match: (event: CardEvent) => boolean,
  what: string,
  timeoutMs: number,
): Promise<{ at: number; event: CardEvent }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = service.onChange((_snapshot, event) => {
      if (!match(event)) return;
      const at = performance.now();
      clearTimeout(timer);
      off();
      resolve({ at, event });
    });
  });
}
