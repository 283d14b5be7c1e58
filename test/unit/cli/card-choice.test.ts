// Which card `login` uses.
import { describe, expect, it } from 'vitest';
import type { CardInfo, CardSnapshot } from '../../../src/shared/card-types.ts';
import { chooseCard } from '../../../src/main/cli/card-choice.ts';
import { CliFailure } from '../../../src/main/cli/failure.ts';
import { UsageError } from '../../../src/main/cli/usage.ts';

const card = (tokenLabel: string, holderName: string, extra: Partial<CardInfo> = {}): CardInfo => ({
  id: `m:${tokenLabel}`, readerId: 'r', tokenLabel, holderName, serialNumber: '', issuerFamily: 'buypass', environment: 'test',
  validFrom: '', validTo: '', state: 'ok', pin: 'ok', ...extra,
});
const snapshot = (...cards: CardInfo[]): CardSnapshot => ({ modules: [], readers: [{ id: 'r', label: 'R', module: 'm', hasCard: cards.length > 0, pinPad: false }], cards });

describe('chooseCard', () => {
  it('oneUsableCard_isChosenWithoutLabel', () => {
    expect(chooseCard(snapshot(card('A', 'Kari'), card('B', 'Eva', { state: 'expired' })), undefined).tokenLabel).toBe('A');
  });

  it('severalUsableCards_withoutLabel_isAUsageErrorListingLabels', () => {
    expect(() => chooseCard(snapshot(card('A', 'Kari'), card('B', 'Ola', { issuerFamily: 'commfides' })), undefined)).toThrow(UsageError);
    expect(() => chooseCard(snapshot(card('A', 'Kari'), card('B', 'Ola', { issuerFamily: 'commfides' })), undefined)).toThrow('(Kari — Buypass; Ola — Commfides)');
    expect(() => chooseCard(snapshot(card('A', 'Kari'), card('B', 'Ola')), undefined, 'nb')).toThrow(/^2 brukbare kort står i: velg ett med --card NAVN \(Kari — Buypass; Ola — Buypass\)$/);
  });

  it('label_matchesTokenLabelOrHolderIgnoringCase', () => {
    const s = snapshot(card('Buypass Kari', 'Kari Nordmann'), card('Commfides Ola', 'Ola Hansen', { issuerFamily: 'commfides' }));
    expect(chooseCard(s, 'commfides ola').holderName).toBe('Ola Hansen');
    expect(chooseCard(s, 'Kari Nordmann').tokenLabel).toBe('Buypass Kari');
  });

  it('label_matchesAnyPartOfHolderNameOrTokenLabel_ignoringCase', () => {
    const s = snapshot(card('Buypass Kari', 'Kari Nordmann'), card('Commfides Ola', 'Ola Hansen', { issuerFamily: 'commfides' }));
    expect(chooseCard(s, 'nordm').tokenLabel).toBe('Buypass Kari');
    expect(chooseCard(s, 'HANS').tokenLabel).toBe('Commfides Ola');
    expect(chooseCard(s, 'fides').holderName).toBe('Ola Hansen');
  });

  it('labelMatchingNoCard_isNoCardSelected_listingHolderAndIssuerInTheChosenLanguage', () => {
    const s = snapshot(card('Buypass Kari', 'Kari Nordmann'), card('Commfides Ola', 'Ola Hansen', { issuerFamily: 'commfides' }));
    const failure = (language: 'nb' | 'en') => {
      try { chooseCard(s, 'Per', language); } catch (err) { return err; }
      throw new Error('chooseCard did not refuse');
    };
    const en = failure('en');
    expect(en).toBeInstanceOf(CliFailure);
    expect((en as CliFailure).cause).toEqual(expect.objectContaining({ code: 'no-card-selected' }));
    expect((en as CliFailure).extra).toEqual(['--card "Per" matches no card. Cards present: Kari Nordmann — Buypass; Ola Hansen — Commfides']);
    expect((failure('nb') as CliFailure).extra).toEqual(['--card «Per» passer ikke til noe kort. Kortene som står i: Kari Nordmann — Buypass; Ola Hansen — Commfides']);
  });

  it('labelMatchingSeveralCards_isAUsageErrorListingTheMatches_inTheChosenLanguage', () => {
    const s = snapshot(card('Buypass Kari', 'Kari Nordmann'), card('Buypass Kari 2', 'Kari Hansen'), card('C', 'Ola', { issuerFamily: 'commfides' }));
    expect(() => chooseCard(s, 'kari')).toThrow('--card "kari" matches 2 cards: Kari Nordmann — Buypass; Kari Hansen — Buypass. Give more of the name.');
    expect(() => chooseCard(s, 'kari', 'nb')).toThrow('--card «kari» passer til 2 kort: Kari Nordmann — Buypass; Kari Hansen — Buypass. Skriv mer av navnet.');
  });

  it('unknownLabel_unusableCard_andNoReader_areAppErrors', () => {
    expect(() => chooseCard(snapshot(card('A', 'Kari', { state: 'expired' })), 'A')).toThrow(expect.objectContaining({ code: 'card-not-usable' }));
    expect(() => chooseCard({ modules: [], readers: [], cards: [] }, undefined)).toThrow(expect.objectContaining({ code: 'card-no-reader' }));
    expect(() => chooseCard(snapshot(), undefined)).toThrow(expect.objectContaining({ code: 'card-not-present' }));
  });
});
