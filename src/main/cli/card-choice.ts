// Which card `login` uses: the one named with --card (any part of the token label or holder name,
// ignoring case), else the only usable card present. Several usable cards without --card, or a
// --card that fits none or several, is a command-line question: the answer lists the cards present.
import type { CardInfo, CardSnapshot } from '../../shared/card-types.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import type { Language } from '../../shared/errors/error-texts.ts';
import { CliFailure } from './failure.ts';
import { UsageError } from './usage.ts';

const usable = (c: CardInfo) => c.state === 'ok' && c.issuerFamily !== 'unknown';

const ISSUER: Readonly<Record<string, string>> = { buypass: 'Buypass', commfides: 'Commfides' };

/** "Kari Nordmann — Buypass; Ola Hansen — Commfides" */
export function cardList(cards: readonly CardInfo[], language: Language): string {
  if (cards.length === 0) return language === 'nb' ? '(ingen)' : '(none)';
  return cards.map((c) => `${c.holderName} — ${ISSUER[c.issuerFamily] ?? (language === 'nb' ? 'ukjent utsteder' : 'unknown issuer')}`).join('; ');
}

export function chooseCard(snapshot: CardSnapshot, label: string | undefined, language: Language = 'en'): CardInfo {
  const nb = language === 'nb';
  const present = `${nb ? 'Kortene som står i' : 'Cards present'}: ${cardList(snapshot.cards, language)}`;
  if (label !== undefined) {
    const wanted = label.trim().toLowerCase();
    const matches = snapshot.cards.filter((c) => c.tokenLabel.toLowerCase().includes(wanted) || c.holderName.toLowerCase().includes(wanted));
    if (matches.length === 0) {
      const err = new AppError('no-card-selected', { retriable: true, detail: { cards: snapshot.cards.map((c) => c.tokenLabel).join(', ') || '(none)' } });
      throw new CliFailure(err, [`${nb ? `--card «${label}» passer ikke til noe kort.` : `--card "${label}" matches no card.`} ${present}`]);
    }
    if (matches.length > 1) {
      throw new UsageError(nb
        ? `--card «${label}» passer til ${matches.length} kort: ${cardList(matches, language)}. Skriv mer av navnet.`
        : `--card "${label}" matches ${matches.length} cards: ${cardList(matches, language)}. Give more of the name.`, 'login');
    }
    const card = matches[0]!;
    if (!usable(card)) throw new AppError('card-not-usable', { detail: { state: card.state } });
    return card;
  }
  if (snapshot.readers.length === 0) throw new AppError('card-no-reader', { retriable: true });
  if (snapshot.cards.length === 0) throw new AppError('card-not-present', { retriable: true });
  const candidates = snapshot.cards.filter(usable);
  if (candidates.length === 0) throw new AppError('card-not-usable', { detail: { state: snapshot.cards[0]!.state } });
  if (candidates.length > 1) {
    throw new UsageError(nb
      ? `${candidates.length} brukbare kort står i: velg ett med --card NAVN (${cardList(candidates, language)})`
      : `${candidates.length} usable cards are present: choose one with --card NAME (${cardList(candidates, language)})`, 'login');
  }
  return candidates[0]!;
}
