// The Norwegian national id number (fødselsnummer, D-number, H-number, synthetic test numbers): 11
// digits, the last two check digits computed modulo 11 over the first nine and ten. Used to recognise
// a national id number in text that must not show it, wherever and however it is written, and — the
// full rule with the date — to check a patient's number before it leaves the window (the renderer
// and main apply the same rule, so the window can say what is wrong before anything is sent).
//
// The kinds (HIS 1001:2010 "Identifikatorer for personer"; Skatteetaten's and NAV's test numbers):
//   fødselsnummer  DDMMYY…
//   D-number       day + 40 (41–71)
//   H-number       month + 40 (41–52), assigned by a health institution when neither is known
//   synthetic      month + 80 (81–92): Skatteetaten's Tenor test numbers (test environments only)

const FIRST_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const SECOND_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function checkDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((total, weight, i) => total + weight * digits[i]!, 0);
  const digit = (11 - (sum % 11)) % 11;
  return digit === 10 ? undefined : digit; // 10 is never issued
}

/** Exactly 11 digits whose two check digits are right. */
export function isNationalIdNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const digits = [...value].map(Number);
  return checkDigit(digits, FIRST_WEIGHTS) === digits[9] && checkDigit(digits, SECOND_WEIGHTS) === digits[10];
}

export type NationalIdKind = 'fnr' | 'dnr' | 'hnr' | 'synthetic';
/** What is wrong with a number, never the number: 'length' (not 11 digits), 'date', 'check-digits'. */
export type NationalIdProblem = 'length' | 'date' | 'check-digits';

/** The kind of a well-formed number (a real date and both check digits right), or what is wrong. */
export function nationalIdKind(value: string): { kind: NationalIdKind } | { problem: NationalIdProblem } {
  if (!/^\d{11}$/.test(value)) return { problem: 'length' };
  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  let kind: NationalIdKind = 'fnr';
  if (day > 40) {
    day -= 40;
    kind = 'dnr';
  }
  if (month > 80) {
    month -= 80;
    kind = 'synthetic';
  } else if (month > 40) {
    month -= 40;
    if (kind === 'fnr') kind = 'hnr';
  }
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return { problem: 'date' };
  return isNationalIdNumber(value) ? { kind } : { problem: 'check-digits' };
}
