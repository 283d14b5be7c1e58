import type { CardView } from '../../shared/ipc/view-schemas.ts';
import type { CardInfoPort } from './ports.ts';

/** A card as the window shows it: the reader's label instead of its id, dates as ISO strings. */
export function toCardView(card: CardInfoPort, readers: readonly { id: string; label: string }[]): CardView {
  return {
    id: card.id,
    readerLabel: readers.find((r) => r.id === card.readerId)?.label ?? card.readerId,
    holderName: card.holderName,
    issuerFamily: card.issuerFamily,
    environment: card.environment,
    validTo: typeof card.validTo === 'string' ? card.validTo : card.validTo.toISOString(),
    ...(card.validFrom
      ? { validFrom: typeof card.validFrom === 'string' ? card.validFrom : card.validFrom.toISOString() }
      : {}),
    state: card.state,
    pin: card.pin,
  };
}
