// The one rule for a patient's national id number, applied in the window and in main alike: 11
// digits, a real date, both mod-11 check digits; D-, H- and synthetic test numbers are kinds of it.
import { describe, expect, it } from 'vitest';
import { isNationalIdNumber, nationalIdKind } from '../../../src/shared/national-id.ts';

describe('national id number', () => {
  it.each([
    ['05076600343', 'fnr'],
    ['44057712330', 'dnr'], // day 04 + 40
    ['13827099842', 'synthetic'], // month 02 + 80 (Skatteetaten's test numbers)
  ] as const)('%s is a well-formed %s', (value, kind) => {
    expect(nationalIdKind(value)).toEqual({ kind });
    expect(isNationalIdNumber(value)).toBe(true);
  });

  it('anHNumber_isMonthPlus40', () => {
    // an H-number found by its rule: month 07 + 40, check digits computed
    const value = findWellFormed('054766');
    expect(nationalIdKind(value)).toEqual({ kind: 'hnr' });
  });

  it.each([
    ['0507660034', 'length'],
    ['050766003433', 'length'],
    ['0507660034x', 'length'],
    ['05 076600343', 'length'],
    ['32076600343', 'date'], // day 32
    ['05136600343', 'date'], // month 13
    ['31046600343', 'date'], // 31 April
    ['05076600344', 'check-digits'],
    ['05076600353', 'check-digits'],
  ] as const)('%s is refused: %s', (value, problem) => {
    expect(nationalIdKind(value)).toEqual({ problem });
  });
});

/** the first 11-digit number starting with `prefix` whose check digits are right */
function findWellFormed(prefix: string): string {
  for (let n = 0; n < 1000; n++) {
    const base = `${prefix}${String(n).padStart(3, '0')}`;
    for (let c = 0; c < 100; c++) {
      const candidate = `${base}${String(c).padStart(2, '0')}`;
      if (isNationalIdNumber(candidate)) return candidate;
    }
  }
  throw new Error('no well-formed number found');
}
