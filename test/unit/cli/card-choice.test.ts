// Which card `login` uses.
import { describe, expect, it } from 'vitest';
import type { CardInfo, CardSnapshot } from '../../../src/shared/card-types.ts';
import { chooseCard } from '../../../src/main/cli/card-choice.ts';
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
    expect(() => chooseCard(snapshot(card('A', 'Kari'), card('B', 'Ola')), undefined)).toThrow(/"A", "B"/);
  });

  it('label_matchesTokenLabelOrHolderIgnoringCase', () => {
    const s = snapshot(card('Buypass Kari', 'Kari Nordmann'), card('Commfides Ola', 'Ola Hansen', { issuerFamily: 'commfides' }));
    expect(chooseCard(s, 'commfides ola').holderName).toBe('Ola Hansen');
    expect(chooseCard(s, 'Kari Nordmann').tokenLabel).toBe('Buypass Kari');
  });

  it('unknownLabel_unusableCard_andNoReader_areAppErrors', () => {
    expect(() => chooseCard(snapshot(card('A', 'Kari')), 'Z')).toThrow(expect.objectContaining({ code: 'no-card-selected' }));
    expect(() => chooseCard(snapshot(card('A', 'Kari', { state: 'expired' })), 'A')).toThrow(expect.objectContaining({ code: 'card-not-usable' }));
    expect(() => chooseCard({ modules: [], readers: [], cards: [] }, undefined)).toThrow(expect.objectContaining({ code: 'card-no-reader' }));
    expect(() => chooseCard(snapshot(), undefined)).toThrow(expect.objectContaining({ code: 'card-not-present' }));
  });
});
