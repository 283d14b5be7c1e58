// Finds national id numbers in free text however an API wrote them — alone, glued to letters
// (`NO13827099842`, `pid_13827099842_x`), split after the birth date (`138270 99842`), spaced in
// groups, or inside a longer digit run — and hides the five personal digits. The birth date stays,
// as in maskPid, so a person can still be told apart in IT's details.
import { isNationalIdNumber } from '../../shared/national-id.ts';

// Digits joined by at most one separator each: how numbers are written in text.
const DIGIT_GROUP = /\d(?:[ .\-\u00a0]?\d)*/g;
const LENGTH = 11;
const KEPT = 6;

export function maskNationalIds(text: string): string {
  return text.replace(DIGIT_GROUP, maskGroup);
}

function maskGroup(group: string): string {
  const positions: number[] = []; // index in `group` of each digit
  for (let i = 0; i < group.length; i++) if (group[i]! >= '0' && group[i]! <= '9') positions.push(i);
  if (positions.length < LENGTH) return group;
  const digits = positions.map((p) => group[p]!).join('');
  const hidden = new Set<number>();
  const hide = (start: number) => {
    for (let d = start + KEPT; d < start + LENGTH; d++) hidden.add(positions[d]!);
  };
  if (positions.length === LENGTH && isCanonicalForm(group, positions)) {
    // 11 digits alone, or DDMMYY + one separator + 5 digits: the way national id numbers are
    // written, masked even when the check digits are wrong (a mistyped number is still personal)
    hide(0);
  } else {
    // anything else (other separators, a longer run): each window that passes the checksum
    for (let start = 0; start + LENGTH <= digits.length; start++) {
      if (isNationalIdNumber(digits.slice(start, start + LENGTH))) hide(start);
    }
  }
  if (hidden.size === 0) return group;
  return [...group].map((c, i) => (hidden.has(i) ? '*' : c)).join('');
}

function isCanonicalForm(group: string, positions: readonly number[]): boolean {
  if (group.length === LENGTH) return true;
  return group.length === LENGTH + 1 && positions[KEPT]! === KEPT + 1;
}
