// Which card `login` uses: the one named with --card (any part of the token label or holder name,
// ignoring case), else the only usable card present. Several usable cards without --card, or a
// --card that fits none or several, is answered from the error table: first what did not fit, then
// the cards present (holder — issuer), so the person sees what to type instead.
import { cardReason } from '../../shared/card-reason.ts';
import type { CardInfo, CardSnapshot } from '../../shared/card-types.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import type { Language } from '../../shared/errors/error-texts.ts';

const usable = (c: CardInfo) => c.state === 'ok' && c.issuerFamily !== 'unknown';

const ISSUER: Readonly<Record<Language, Readonly<Record<CardInfo['issuerFamily'], string>>>> = {
  nb: { buypass: 'Buypass', commfides: 'Commfides', unknown: 'ukjent utsteder' },
  en: { buypass: 'Buypass', commfides: 'Commfides', unknown: 'unknown issuer' },
};

/** Holder, then issuer: the order the window lists cards in. */
const byHolderThenIssuer = (a: CardInfo, b: CardInfo) =>
  a.holderName.localeCompare(b.holderName, 'nb') || a.issuerFamily.localeCompare(b.issuerFamily);

/** "Kari Nordmann — Buypass; Ola Hansen — Commfides"; two cards alike also name their token label. */
export function cardList(cards: readonly CardInfo[], language: Language): string {
  if (cards.length === 0) return language === 'nb' ? '(ingen)' : '(none)';
  const name = (c: CardInfo) => `${c.holderName} — ${ISSUER[language][c.issuerFamily]}`;
  const sorted = [...cards].sort(byHolderThenIssuer);
  return sorted
    .map((c) => (sorted.filter((o) => name(o) === name(c)).length > 1 ? `${name(c)} (${c.tokenLabel})` : name(c)))
    .join('; ');
}

export function chooseCard(snapshot: CardSnapshot, label: string | undefined, language: Language = 'en'): CardInfo {
  if (label !== undefined) {
    const wanted = label.trim().toLowerCase();
    const matches = snapshot.cards.filter(
      (c) => c.tokenLabel.toLowerCase().includes(wanted) || c.holderName.toLowerCase().includes(wanted),
    );
    if (matches.length === 0)
      throw new AppError('card-no-match', {
        retriable: true,
        detail: { wanted: label.trim(), cards: cardList(snapshot.cards, language) },
      });
    if (matches.length > 1)
      throw new AppError('card-ambiguous', {
        retriable: true,
        detail: { wanted: label.trim(), count: matches.length, cards: cardList(matches, language) },
      });
    return usableOrWhyNot(matches[0]!, language);
  }
  if (snapshot.readers.length === 0) throw new AppError('card-no-reader', { retriable: true });
  if (snapshot.cards.length === 0) throw new AppError('card-not-present', { retriable: true });
  const candidates = snapshot.cards.filter(usable);
  if (candidates.length === 0) return usableOrWhyNot([...snapshot.cards].sort(byHolderThenIssuer)[0]!, language);
  if (candidates.length > 1)
    throw new AppError('card-choice-needed', {
      retriable: true,
      detail: { count: candidates.length, cards: cardList(candidates, language) },
    });
  return candidates[0]!;
}

/** A card that cannot log in says why and what to do, as the window and `doctor` do ("Kortet er utløpt … Bestill nytt kort fra Buypass"). */
function usableOrWhyNot(card: CardInfo, language: Language): CardInfo {
  if (usable(card)) return card;
  const reason = cardReason(card, language);
  throw reason
    ? new AppError(reason.code, { detail: reason.detail })
    : new AppError('card-not-usable', { detail: { state: card.state } });
}
