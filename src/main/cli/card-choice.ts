// Which card `login` uses: the one named with --card (token label or holder name), else the only
// usable card present. Several usable cards without --card is a command-line question, not a guess.
import type { CardInfo, CardSnapshot } from '../../shared/card-types.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { UsageError } from './usage.ts';

const usable = (c: CardInfo) => c.state === 'ok' && c.issuerFamily !== 'unknown';

export function chooseCard(snapshot: CardSnapshot, label: string | undefined): CardInfo {
  const labels = snapshot.cards.map((c) => `"${c.tokenLabel}"`).join(', ');
  if (label !== undefined) {
    const wanted = label.trim().toLowerCase();
    const matches = snapshot.cards.filter((c) => c.tokenLabel.toLowerCase() === wanted || c.holderName.toLowerCase() === wanted);
    if (matches.length === 0) throw new AppError('no-card-selected', { retriable: true, detail: { cards: labels || '(none)' } });
    if (matches.length > 1) throw new UsageError(`--card "${label}" matches ${matches.length} cards; use the token label (${labels})`, 'login');
    const card = matches[0]!;
    if (!usable(card)) throw new AppError('card-not-usable', { detail: { state: card.state } });
    return card;
  }
  if (snapshot.readers.length === 0) throw new AppError('card-no-reader', { retriable: true });
  if (snapshot.cards.length === 0) throw new AppError('card-not-present', { retriable: true });
  const candidates = snapshot.cards.filter(usable);
  if (candidates.length === 0) throw new AppError('card-not-usable', { detail: { state: snapshot.cards[0]!.state } });
  if (candidates.length > 1) {
    throw new UsageError(`${candidates.length} usable cards are present: choose one with --card LABEL (${candidates.map((c) => `"${c.tokenLabel}"`).join(', ')})`, 'login');
  }
  return candidates[0]!;
}
