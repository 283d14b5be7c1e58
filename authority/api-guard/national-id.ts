// The checks a user endpoint makes on the person claims: a national id number is 11 digits whose
// two mod-11 check digits are right; an HPR number is a positive whole number. Copied, not imported
// from the app, so the guard folder stands alone.
const FIRST_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const SECOND_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

function checkDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const digit = (11 - (weights.reduce((sum, weight, i) => sum + weight * digits[i]!, 0) % 11)) % 11;
  return digit === 10 ? undefined : digit;
}

export function isNationalIdNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{11}$/.test(value)) return false;
  const digits = [...value].map(Number);
  return checkDigit(digits, FIRST_WEIGHTS) === digits[9] && checkDigit(digits, SECOND_WEIGHTS) === digits[10];
}

/** HelseID sends hpr_number as a string of digits; a positive number without leading zeros. */
export function isHprNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0;
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value);
}
