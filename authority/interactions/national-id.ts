// Norwegian national id numbers (fødselsnummer) as TestIdP takes them: 11 digits, a real calendar
// day and month, both mod-11 check digits. Accepted variants (HelseID's TestIdP does not document
// which it takes; test identities are synthetic, so any well-formed one is taken — HELSEID.md):
//   D-number  day + 40           (41–71)
//   H-number  month + 40         (41–52; NAV's synthetic "Dolly" numbers use the same offset)
//   synthetic month + 80         (81–92; Skatteetaten's Tenor test numbers)
// Hand-written because it is ten lines of arithmetic, not a protocol.

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkDigit(digits: number[], weights: number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  return k === 10 ? undefined : k;
}

export type NationalIdKind = 'fødselsnummer' | 'D-number' | 'H-number' | 'synthetic';

/** The kind of a well-formed number, or the reason it is not one (never echoing the number). */
export function nationalIdKind(value: string): { kind: NationalIdKind } | { problem: string } {
  if (!/^\d{11}$/.test(value)) return { problem: 'must be 11 digits' };
  const d = [...value].map(Number);
  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  let kind: NationalIdKind = 'fødselsnummer';
  if (day > 40) {
    day -= 40;
    kind = 'D-number';
  }
  if (month > 80) {
    month -= 80;
    kind = 'synthetic';
  } else if (month > 40) {
    month -= 40;
    kind = kind === 'D-number' ? kind : 'H-number';
  }
  if (month < 1 || month > 12)
    return { problem: 'digits 3–4 must be a month (01–12, or +40 / +80 for H- and synthetic numbers)' };
  if (day < 1 || day > DAYS_IN_MONTH[month - 1]!)
    return { problem: 'digits 1–2 must be a day of that month (or day + 40 for a D-number)' };
  if (checkDigit(d, WEIGHTS_1) !== d[9]) return { problem: 'the first check digit (digit 10, mod 11) is wrong' };
  if (checkDigit(d, WEIGHTS_2) !== d[10]) return { problem: 'the second check digit (digit 11, mod 11) is wrong' };
  return { kind };
}

/**
 * For log lines: the birth date part only, so a whole national id number never reaches a log.
 * The emulator's own (authority/ and src/ share no code); same shape as the app's masking.
 */
export function maskPid(pid: string): string {
  return pid.length === 11 ? `${pid.slice(0, 6)}*****` : '*'.repeat(Math.min(Math.max(pid.length, 1), 11));
}
