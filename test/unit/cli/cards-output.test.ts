// `cards` speaks the chosen language throughout: no English state words in the Norwegian listing.
import { describe, expect, it } from 'vitest';
import type { CardSnapshot } from '../../../src/shared/card-types.ts';
import { formatCards } from '../../../src/main/cli/cards-output.ts';

const snapshot: CardSnapshot = {
  modules: [
    { path: '/usr/lib/softhsm/libsofthsm2.so', status: 'loaded' },
    { path: '/opt/x/lib.so', status: 'missing' },
  ],
  readers: [
    { id: 'r1', label: 'Leser 1', module: 'm', hasCard: true, pinPad: true },
    { id: 'r2', label: 'Leser 2', module: 'm', hasCard: false, pinPad: false },
  ],
  cards: [
    {
      id: 'c',
      readerId: 'r1',
      tokenLabel: 'Buypass Kari',
      holderName: 'Kari Nordmann',
      serialNumber: '1',
      issuerFamily: 'buypass',
      environment: 'test',
      validFrom: '2025-01-01T12:00:00',
      validTo: '2028-01-01T12:00:00',
      state: 'expired',
      pin: 'count-low',
    },
    {
      id: 'd',
      readerId: 'r1',
      tokenLabel: 'Buypass Anne',
      holderName: 'Anne Berg',
      serialNumber: '2',
      issuerFamily: 'buypass',
      environment: 'test',
      validFrom: '2025-01-01T12:00:00',
      validTo: '2029-03-04T12:00:00',
      state: 'ok',
      pin: 'ok',
    },
  ],
};

describe('formatCards', () => {
  it('norwegian_everyWordInNorwegian_unusableCardsFirstWithWhatToDo_localDates', () => {
    expect(formatCards(snapshot, 'nb')).toBe(
      [
        'Kort som ikke kan brukes til innlogging:',
        '  ! Kortet er utløpt: Kortet til Kari Nordmann gikk ut 01.01.2028.',
        '    Gjør dette: Bestill nytt kort fra Buypass.',
        '',
        'leser: Leser 1 (PIN-tastatur)',
        '  Anne Berg (Buypass Anne) — Buypass, testkort, kan brukes, PIN i orden, gyldig til 04.03.2029',
        '  Kari Nordmann (Buypass Kari) — Buypass, testkort, utløpt, gyldig til 01.01.2028',
        'leser: Leser 2',
        '  (tom)',
        'Kortprogramvare (PKCS#11):',
        '  lastet: /usr/lib/softhsm/libsofthsm2.so',
        '  mangler: /opt/x/lib.so',
        '',
      ].join('\n'),
    );
  });

  it('english_everyWordInEnglish', () => {
    expect(formatCards(snapshot, 'en')).toBe(
      [
        'Cards that cannot be used to log in:',
        '  ! Card expired: The card of Kari Nordmann expired on 01.01.2028.',
        '    What to do: Order a new card from Buypass.',
        '',
        'reader: Leser 1 (PIN pad)',
        '  Anne Berg (Buypass Anne) — Buypass, test card, usable, PIN fine, valid to 04.03.2029',
        '  Kari Nordmann (Buypass Kari) — Buypass, test card, expired, valid to 01.01.2028',
        'reader: Leser 2',
        '  (empty)',
        'Card software (PKCS#11):',
        '  loaded: /usr/lib/softhsm/libsofthsm2.so',
        '  missing: /opt/x/lib.so',
        '',
      ].join('\n'),
    );
  });

  it('noReaders_saysSoInEitherLanguage', () => {
    const none: CardSnapshot = { modules: [], readers: [], cards: [] };
    expect(formatCards(none, 'nb')).toBe('Ingen kortlesere.\nKortprogramvare (PKCS#11):\n  (ingen)\n');
    expect(formatCards(none, 'en')).toBe('No card readers.\nCard software (PKCS#11):\n  (none)\n');
  });
});

describe('a card whose PIN is blocked', () => {
  it('lockedPin_isNotCalledUsable_itsPinStateSaysWhy', () => {
    const locked: CardSnapshot = {
      ...snapshot,
      cards: [{ ...snapshot.cards[1]!, pin: 'locked' }],
    };
    const line = formatCards(locked, 'nb')
      .split('\n')
      .find((l) => l.includes('Anne Berg (Buypass Anne)'))!;
    expect(line).toContain('PIN sperret');
    expect(line).not.toContain('kan brukes');
    expect(formatCards(locked, 'en')).not.toContain('usable, PIN blocked');
  });
});
