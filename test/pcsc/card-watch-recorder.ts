// Records what a card service reports, with the moment of each event, for the PC/SC fuzz tests:
// every removal seen, none that PC/SC did not see (a card still in its reader reported gone), and
// how long a reader's presence lagged behind a pull or an insertion.
import type { CardEvent, CardService, CardSnapshot } from '../../src/main/card/card-service.ts';
import { waitForSnapshot } from './pcsc-harness.ts';

export interface RecordedEvent {
  readonly at: number;
  readonly event: CardEvent;
  readonly snapshot: CardSnapshot;
}

export class CardWatchRecorder {
  readonly events: RecordedEvent[] = [];
  readonly #off: () => void;

  constructor(service: CardService) {
    this.#off = service.onChange((snapshot, event) => this.events.push({ at: performance.now(), event, snapshot }));
  }

  /** card-removed events for a card whose id ends with `serial`, from `since` on */
  removals(serial: string, since = 0): RecordedEvent[] {
    return this.events.filter(
      (e) => e.at >= since && e.event.type === 'card-removed' && e.event.cardId.endsWith(`:${serial}`),
    );
  }

  close(): void {
    this.#off();
  }
}

/** Resolves true when `ok(snapshot)` holds (now or after a change) within `ms`, else false. */
export function within<S>(
  service: { snapshot(): S; onChange(l: (s: S) => void): () => void },
  ok: (s: S) => boolean,
  ms: number,
): Promise<boolean> {
  return waitForSnapshot(service, ok, 'a snapshot', ms).then(
    () => true,
    () => false,
  );
}
