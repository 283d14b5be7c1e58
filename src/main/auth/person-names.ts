// Is the person HelseID logged in the holder of the chosen card, as far as names can tell? The card's
// authentication certificate names its holder (CN, and GN/SN where the issuer writes them); the ID
// token names the person (given_name, middle_name, family_name, name — from the national registry).
// The two are written by different hands, so the comparison forgives how a name is spelt and
// demands only what both must agree on:
// - spelling: letters compared without case and accents (NFKD, marks removed), ø as o, æ as a, ß as
//   ss, and the two-letter spellings aa, ae, oe as a, a, o ("Håkon" = "Haakon", "Sørensen" =
//   "Soerensen"); anything that is not a letter separates name parts ("Uten-Hpr" = "Uten Hpr");
// - a middle name may be on either side of the registry's given/family split (Norwegian middle
//   names are often family names) and may be missing on the card;
// - the card's given names and the person's given (or middle) names share a part, AND the card's
//   family name and the person's family (or middle) names share a part. With only a CN on the card:
//   its first part is a given or middle name and its last part a family or middle name.
// Two people with the same names cannot be told apart this way: the card binding
// (card-bindings.ts) and, on the embedded authority, the card's signature cover that.

export interface CardNames {
  /** the certificate subject's CN */
  readonly commonName: string;
  /** GN */
  readonly givenName?: string | undefined;
  /** SN */
  readonly familyName?: string | undefined;
}

export type NameComparison = 'same' | 'different' | 'not-comparable';

/** Name parts as compared: lower case, no accents, Norwegian letters folded (see above). */
export function nameParts(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'a')
    .replace(/ß/g, 'ss')
    .split(/[^\p{L}]+/u)
    .filter(Boolean)
    .map((part) => part.replace(/aa|ae/g, 'a').replace(/oe/g, 'o'));
}

const shares = (a: readonly string[], b: ReadonlySet<string>) => a.some((part) => b.has(part));

export function compareNames(card: CardNames, claims: Readonly<Record<string, unknown>>): NameComparison {
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
  let given = nameParts(text('given_name'));
  let family = nameParts(text('family_name'));
  const middle = nameParts(text('middle_name'));
  if (!given.length && !family.length) {
    // only `name`: its first part is given, its last family, anything between either
    const whole = nameParts(text('name'));
    if (whole.length < 2) return 'not-comparable';
    given = whole.slice(0, -1);
    family = whole.slice(1);
  }
  const givenSide = new Set([...given, ...middle]);
  const familySide = new Set([...family, ...middle]);
  const cardGiven = nameParts(card.givenName);
  const cardFamily = nameParts(card.familyName);
  if (cardGiven.length && cardFamily.length)
    return shares(cardGiven, givenSide) && shares(cardFamily, familySide) ? 'same' : 'different';
  const common = nameParts(card.commonName);
  if (common.length < 2) return 'not-comparable';
  return givenSide.has(common[0]!) && familySide.has(common.at(-1)!) ? 'same' : 'different';
}
