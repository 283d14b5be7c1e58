// What `cards` prints, every word in the chosen language: first the cards that cannot log in, each
// with why and what to do (the same reason and advice as the window's card list and `doctor`), then
// each reader with its cards (holder, then issuer; dd.mm.yyyy), then the card software. A card that
// cannot log in gets no PIN state. The module's failure reason stays as the card library gave it:
// it is a detail for IT, not a sentence for users.
import { cardReason } from '../../shared/card-reason.ts';
import type {
  CardEnvironment,
  CardInfo,
  CardPinState,
  CardSnapshot,
  CardState,
  IssuerFamily,
  ModuleStatus,
} from '../../shared/card-types.ts';
import { errorText, type Language } from '../../shared/errors/error-texts.ts';
import { formatDate } from '../../shared/format-date.ts';

type Pair = readonly [nb: string, en: string];

const MODULE: Record<ModuleStatus, Pair> = {
  loaded: ['lastet', 'loaded'],
  missing: ['mangler', 'missing'],
  failed: ['feilet', 'failed'],
};
const ISSUER: Record<IssuerFamily, Pair> = {
  buypass: ['Buypass', 'Buypass'],
  commfides: ['Commfides', 'Commfides'],
  unknown: ['ukjent utsteder', 'unknown issuer'],
};
const ENVIRONMENT: Record<CardEnvironment, Pair> = {
  test: ['testkort', 'test card'],
  prod: ['produksjonskort', 'production card'],
  unknown: ['ukjent miljø', 'unknown environment'],
};
const STATE: Record<CardState, Pair> = {
  ok: ['kan brukes', 'usable'],
  expired: ['utløpt', 'expired'],
  'not-yet-valid': ['ikke gyldig ennå', 'not valid yet'],
  'no-auth-certificate': ['mangler innloggingssertifikat', 'no login certificate'],
  'unknown-issuer': ['ukjent utsteder', 'unknown issuer'],
};
const PIN: Record<CardPinState, Pair> = {
  ok: ['PIN i orden', 'PIN fine'],
  'count-low': ['PIN: bare noen få forsøk igjen', 'PIN: only a few tries left'],
  'final-try': ['PIN: 1 forsøk igjen', 'PIN: 1 try left'],
  locked: ['PIN sperret', 'PIN blocked'],
  'pin-pad-unsupported': ['PIN tastes på leseren', 'PIN entered on the reader'],
};
const WORDS = {
  cannotLogIn: ['Kort som ikke kan brukes til innlogging', 'Cards that cannot be used to log in'],
  todo: ['Gjør dette', 'What to do'],
  reader: ['leser', 'reader'],
  pinPad: ['PIN-tastatur', 'PIN pad'],
  empty: ['(tom)', '(empty)'],
  none: ['(ingen)', '(none)'],
  noReaders: ['Ingen kortlesere.', 'No card readers.'],
  validTo: ['gyldig til', 'valid to'],
  modules: ['Kortprogramvare (PKCS#11)', 'Card software (PKCS#11)'],
} as const satisfies Record<string, Pair>;

const byHolderThenIssuer = (a: CardInfo, b: CardInfo) =>
  a.holderName.localeCompare(b.holderName, 'nb') || a.issuerFamily.localeCompare(b.issuerFamily);

export function formatCards(snapshot: CardSnapshot, language: Language): string {
  const t = (pair: Pair) => pair[language === 'nb' ? 0 : 1];
  const lines: string[] = [];
  const cards = [...snapshot.cards].sort(byHolderThenIssuer);

  const reasons = cards.flatMap((card) => {
    const reason = cardReason(card, language);
    return reason ? [errorText(reason.code, language, reason.detail)] : [];
  });
  if (reasons.length > 0) {
    lines.push(`${t(WORDS.cannotLogIn)}:`);
    for (const text of reasons) lines.push(`  ! ${text.title}: ${text.what}`, `    ${t(WORDS.todo)}: ${text.todo}`);
    lines.push('');
  }

  if (snapshot.readers.length === 0) lines.push(t(WORDS.noReaders));
  for (const reader of snapshot.readers) {
    lines.push(`${t(WORDS.reader)}: ${reader.label}${reader.pinPad ? ` (${t(WORDS.pinPad)})` : ''}`);
    const inReader = cards.filter((c) => c.readerId === reader.id);
    if (inReader.length === 0) lines.push(`  ${t(WORDS.empty)}`);
    for (const c of inReader) {
      const canLogIn = cardReason(c, language) === undefined;
      const facts = [
        t(ISSUER[c.issuerFamily]),
        ...(c.environment === 'unknown' ? [] : [t(ENVIRONMENT[c.environment])]),
        // "usable" only for a card that can log in (a blocked PIN makes a valid card unusable)
        ...(c.state === 'unknown-issuer' || (c.state === 'ok' && !canLogIn) ? [] : [t(STATE[c.state])]),
        // no PIN state on a card that cannot log in anyway (unless the PIN is the reason)
        ...(canLogIn || (c.state === 'ok' && c.issuerFamily !== 'unknown') ? [t(PIN[c.pin])] : []),
        `${t(WORDS.validTo)} ${formatDate(c.validTo) || '–'}`,
      ];
      lines.push(`  ${c.holderName} (${c.tokenLabel}) — ${facts.join(', ')}`);
    }
  }

  lines.push(`${t(WORDS.modules)}:`);
  if (snapshot.modules.length === 0) lines.push(`  ${t(WORDS.none)}`);
  for (const m of snapshot.modules)
    lines.push(`  ${t(MODULE[m.status])}: ${m.path}${m.reason ? ` — ${m.reason}` : ''}`);
  return `${lines.join('\n')}\n`;
}
