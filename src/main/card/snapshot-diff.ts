// Card events from two snapshots. Order matters to listeners: a pulled card is reported before
// its reader disappears, a new reader before the card in it.
import type { CardEvent, CardSnapshot } from '../../shared/card-types.ts';

export function snapshotEvents(before: CardSnapshot, after: CardSnapshot): CardEvent[] {
  const readersBefore = new Set(before.readers.map((r) => r.id));
  const readersAfter = new Set(after.readers.map((r) => r.id));
  const cardKey = (c: { id: string; readerId: string }): string => `${c.readerId}\n${c.id}`;
  const cardsBefore = new Map(before.cards.map((c) => [cardKey(c), c]));
  const cardsAfter = new Map(after.cards.map((c) => [cardKey(c), c]));
  const events: CardEvent[] = [];
  for (const [key, c] of cardsBefore)
    if (!cardsAfter.has(key)) events.push({ type: 'card-removed', readerId: c.readerId, cardId: c.id });
  for (const id of readersBefore) if (!readersAfter.has(id)) events.push({ type: 'reader-removed', readerId: id });
  for (const id of readersAfter) if (!readersBefore.has(id)) events.push({ type: 'reader-added', readerId: id });
  const readerBefore = new Map(before.readers.map((r) => [r.id, r]));
  for (const r of after.readers) {
    const old = readerBefore.get(r.id);
    if (old && (old.hasCard !== r.hasCard || old.pinPad !== r.pinPad || old.label !== r.label))
      events.push({ type: 'reader-changed', readerId: r.id });
  }
  for (const [key, c] of cardsAfter) {
    const old = cardsBefore.get(key);
    if (!old) events.push({ type: 'card-inserted', readerId: c.readerId, cardId: c.id });
    else if (JSON.stringify(old) !== JSON.stringify(c))
      events.push({ type: 'card-changed', readerId: c.readerId, cardId: c.id });
  }
  if (events.length === 0 && JSON.stringify(before.modules) !== JSON.stringify(after.modules))
    events.push({ type: 'modules-changed' });
  return events;
}
