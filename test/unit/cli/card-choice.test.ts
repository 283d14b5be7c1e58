// Which card `login` uses.
import { describe, expect, it } from 'vitest';
import type { CardInfo, CardSnapshot } from '../../../src/shared/card-types.ts';
import { chooseCard } from '../../../src/main/cli/card-choice.ts';
import { failureLines } from '../../../src/main/cli/failure.ts';

const card = (tokenLabel: string, holderName: string, extra: Partial<CardInfo> = {}): CardInfo => ({
  id: `m:${tokenLabel}`,
  readerId: 'r',
  tokenLabel,
  holderName,
  serialNumber: '',
  issuerFamily: 'buypass',
  environment: 'test',
  validFrom: '',
  validTo: '',
  state: 'ok',
  pin: 'ok',
  ...extra,
});
const snapshot = (...cards: CardInfo[]): CardSnapshot => ({
  modules: [],
  readers: [{ id: 'r', label: 'R', module: 'm', hasCard: cards.length > 0, pinPad: false }],
  cards,
});

/** What the command line prints for the refusal (stderr lines, without the program name). */
function lines(choose: () => unknown, language: 'nb' | 'en'): string[] {
  try {
    choose();
  } catch (err) {
    return failureLines(err, language);
  }
  throw new Error('chooseCard did not refuse');
}

describe('chooseCard', () => {
  it('oneUsableCard_isChosenWithoutLabel', () => {
    expect(chooseCard(snapshot(card('A', 'Kari'), card('B', 'Eva', { state: 'expired' })), undefined).tokenLabel).toBe(
      'A',
    );
  });

  it('severalUsableCards_withoutLabel_askForOne_listingHolderAndIssuerByHolder', () => {
    expect(() =>
      chooseCard(snapshot(card('B', 'Ola', { issuerFamily: 'commfides' }), card('A', 'Kari')), undefined),
    ).toThrow(
      expect.objectContaining({
        code: 'card-choice-needed',
        detail: { count: 2, cards: 'Kari — Buypass; Ola — Commfides' },
      }),
    );
    expect(lines(() => chooseCard(snapshot(card('A', 'Kari'), card('B', 'Ola')), undefined, 'nb'), 'nb')[0]).toBe(
      'Det står 2 kort i som kan brukes: Kari — Buypass; Ola — Buypass. Velg ett med --card og en del av navnet.',
    );
  });

  it('label_matchesTokenLabelOrHolderIgnoringCase', () => {
    const s = snapshot(
      card('Buypass Kari', 'Kari Nordmann'),
      card('Commfides Ola', 'Ola Hansen', { issuerFamily: 'commfides' }),
    );
    expect(chooseCard(s, 'commfides ola').holderName).toBe('Ola Hansen');
    expect(chooseCard(s, 'Kari Nordmann').tokenLabel).toBe('Buypass Kari');
  });

  it('label_matchesAnyPartOfHolderNameOrTokenLabel_ignoringCase', () => {
    const s = snapshot(
      card('Buypass Kari', 'Kari Nordmann'),
      card('Commfides Ola', 'Ola Hansen', { issuerFamily: 'commfides' }),
    );
    expect(chooseCard(s, 'nordm').tokenLabel).toBe('Buypass Kari');
    expect(chooseCard(s, 'HANS').tokenLabel).toBe('Commfides Ola');
    expect(chooseCard(s, 'fides').holderName).toBe('Ola Hansen');
  });

  it('labelMatchingNoCard_saysSoFirst_thenListsTheCardsPresent_inBothLanguages', () => {
    const s = snapshot(
      card('Commfides Ola', 'Ola Hansen', { issuerFamily: 'commfides' }),
      card('Buypass Kari', 'Kari Nordmann'),
      card('X', 'Xena', { issuerFamily: 'unknown', state: 'unknown-issuer' }),
    );
    expect(lines(() => chooseCard(s, 'Per', 'en'), 'en')).toEqual([
      'No card matches "Per". Give part of the name of one of the cards present after --card: Kari Nordmann — Buypass; Ola Hansen — Commfides; Xena — unknown issuer',
      '(card-no-match)',
    ]);
    expect(lines(() => chooseCard(s, 'Per', 'nb'), 'nb')).toEqual([
      'Ingen kort passer til «Per». Skriv en del av navnet på et av kortene som står i, etter --card: Kari Nordmann — Buypass; Ola Hansen — Commfides; Xena — ukjent utsteder',
      '(card-no-match)',
    ]);
    expect(lines(() => chooseCard(snapshot(), 'Per', 'nb'), 'nb')[0]).toBe(
      'Ingen kort passer til «Per». Skriv en del av navnet på et av kortene som står i, etter --card: (ingen)',
    );
  });

  it('labelMatchingSeveralCards_namesTheMatches_inTheChosenLanguage', () => {
    const s = snapshot(
      card('Buypass Kari', 'Kari Nordmann'),
      card('Buypass Kari 2', 'Kari Hansen'),
      card('C', 'Ola', { issuerFamily: 'commfides' }),
    );
    expect(lines(() => chooseCard(s, 'kari'), 'en')[0]).toBe(
      '"kari" matches 2 cards: Kari Hansen — Buypass; Kari Nordmann — Buypass. Give more of the name after --card.',
    );
    expect(lines(() => chooseCard(s, 'kari', 'nb'), 'nb')[0]).toBe(
      '«kari» passer til 2 kort: Kari Hansen — Buypass; Kari Nordmann — Buypass. Skriv mer av navnet etter --card.',
    );
  });

  it('twoCardsAlike_areToldApartByTheirTokenLabel', () => {
    const s = snapshot(card('Buypass Kari', 'Kari Nordmann'), card('PIV Kari', 'Kari Nordmann'));
    expect(lines(() => chooseCard(s, 'kari', 'en'), 'en')[0]).toContain(
      'Kari Nordmann — Buypass (Buypass Kari); Kari Nordmann — Buypass (PIV Kari)',
    );
  });

  it('aChosenCardThatCannotLogIn_saysWhyAndWhatToDo', () => {
    const eva = card('Buypass Eva', 'Eva Utløpt', { state: 'expired', validTo: '2026-01-31T12:00:00' });
    expect(lines(() => chooseCard(snapshot(eva), 'eva', 'nb'), 'nb')[0]).toBe(
      'Kortet til Eva Utløpt gikk ut 31.01.2026. Bestill nytt kort fra Buypass.',
    );
    expect(lines(() => chooseCard(snapshot(eva), undefined, 'en'), 'en')[0]).toBe(
      'The card of Eva Utløpt expired on 31.01.2026. Order a new card from Buypass.',
    );
  });

  it('unknownLabel_unusableCard_andNoReader_areAppErrors', () => {
    expect(() => chooseCard(snapshot(card('A', 'Kari', { state: 'expired' })), 'A')).toThrow(
      expect.objectContaining({ code: 'card-expired-on' }),
    );
    expect(() => chooseCard({ modules: [], readers: [], cards: [] }, undefined)).toThrow(
      expect.objectContaining({ code: 'card-no-reader' }),
    );
    expect(() => chooseCard(snapshot(), undefined)).toThrow(expect.objectContaining({ code: 'card-not-present' }));
  });
});
