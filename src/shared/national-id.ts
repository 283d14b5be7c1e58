// The Norwegian national id number (fødselsnummer, D-number, synthetic test numbers): 11 digits,
// the last two check digits computed modulo 11 over the first nine and ten. Used to recognise a
// national id number in text that must not show it, wherever and however it is written.

const FIRST_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const SECOND_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

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
