// `cards` speaks the chosen language throughout: no English state words in the Norwegian listing.
import { describe, expect, it } from 'vitest';
import type { CardSnapshot } from '../../../src/shared/card-types.ts';
import { formatCards } from '../../../src/main/cli/cards-output.ts';

const snapshot: CardSnapshot = {
  modules: [{ path: '/usr/lib/softhsm/libsofthsm2.so', status: 'loaded' }, { path: '/opt/x/lib.so', status: 'missing' }],
  readers: [{ id: 'r1', label: 'Leser 1', module: 'm', hasCard: true, pinPad: true }, { id: 'r2', label: 'Leser 2', module: 'm', hasCard: false, pinPad: false }],
  cards: [{ id: 'c', readerId: 'r1', tokenLabel: 'Buypass Kari', holderName: 'Kari Nordmann', serialNumber: '1', issuerFamily: 'buypass', environment: 'test',
    validFrom: '2025-01-01', validTo: '2028-01-01', state: 'expired', pin: 'count-low' }],
};

describe('formatCards', () => {
  it('norwegian_everyWordInNorwegian', () => {
    expect(formatCards(snapshot, 'nb')).toBe([
      'modul lastet: /usr/lib/softhsm/libsofthsm2.so',
      'modul mangler: /opt/x/lib.so',
      'leser: Leser 1 (PIN-tastatur)',
      '  Buypass Kari: Kari Nordmann — Buypass, testkort, utløpt, PIN: bare noen få forsøk igjen, gyldig til 2028-01-01',
      'leser: Leser 2',
      '  (tom)',
      '',
    ].join('\n'));
  });

  it('english_everyWordInEnglish', () => {
    expect(formatCards(snapshot, 'en')).toBe([
      'module loaded: /usr/lib/softhsm/libsofthsm2.so',
      'module missing: /opt/x/lib.so',
      'reader: Leser 1 (PIN pad)',
      '  Buypass Kari: Kari Nordmann — Buypass, test card, expired, PIN: only a few tries left, valid to 2028-01-01',
      'reader: Leser 2',
      '  (empty)',
      '',
    ].join('\n'));
  });

  it('noReaders_saysSoInEitherLanguage', () => {
    const none: CardSnapshot = { modules: [], readers: [], cards: [] };
    expect(formatCards(none, 'nb')).toBe('Ingen kortlesere.\n');
    expect(formatCards(none, 'en')).toBe('No card readers.\n');
  });
});
