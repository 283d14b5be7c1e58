// What `cards` prints: modules, readers and cards, every word in the chosen language. The module's
// failure reason stays as the card library gave it: it is a detail for IT, not a sentence for users.
import type { CardEnvironment, CardPinState, CardSnapshot, CardState, IssuerFamily, ModuleStatus } from '../../shared/card-types.ts';
import type { Language } from '../../shared/errors/error-texts.ts';

type Pair = readonly [nb: string, en: string];

const MODULE: Record<ModuleStatus, Pair> = { loaded: ['lastet', 'loaded'], missing: ['mangler', 'missing'], failed: ['feilet', 'failed'] };
const ISSUER: Record<IssuerFamily, Pair> = { buypass: ['Buypass', 'Buypass'], commfides: ['Commfides', 'Commfides'], unknown: ['ukjent utsteder', 'unknown issuer'] };
const ENVIRONMENT: Record<CardEnvironment, Pair> = { test: ['testkort', 'test card'], prod: ['produksjonskort', 'production card'], unknown: ['ukjent miljø', 'unknown environment'] };
const STATE: Record<CardState, Pair> = {
  ok: ['kan brukes', 'usable'],
  expired: ['utløpt', 'expired'],
  'not-yet-valid': ['ikke gyldig ennå', 'not valid yet'],
  'no-auth-certificate': ['mangler autentiseringssertifikat', 'no authentication certificate'],
  'unknown-issuer': ['ukjent utsteder', 'unknown issuer'],
};
const PIN: Record<CardPinState, Pair> = {
  ok: ['PIN i orden', 'PIN fine'],
  'count-low': ['PIN: bare noen få forsøk igjen', 'PIN: only a few tries left'],
  'final-try': ['PIN: 1 forsøk igjen', 'PIN: 1 try left'],
  locked: ['PIN sperret', 'PIN blocked'],
  'pin-pad-unsupported': ['PIN tastes på leseren', 'PIN entered on the reader'],
};

export function formatCards(snapshot: CardSnapshot, language: Language): string {
  const i = language === 'nb' ? 0 : 1;
  const t = (pair: Pair) => pair[i];
  const lines: string[] = [];
  for (const m of snapshot.modules) lines.push(`${t(['modul', 'module'])} ${t(MODULE[m.status])}: ${m.path}${m.reason ? ` — ${m.reason}` : ''}`);
  if (snapshot.readers.length === 0) lines.push(t(['Ingen kortlesere.', 'No card readers.']));
  for (const reader of snapshot.readers) {
    lines.push(`${t(['leser', 'reader'])}: ${reader.label}${reader.pinPad ? ` (${t(['PIN-tastatur', 'PIN pad'])})` : ''}`);
    const inReader = snapshot.cards.filter((c) => c.readerId === reader.id);
    if (inReader.length === 0) lines.push(`  ${t(['(tom)', '(empty)'])}`);
    for (const c of inReader) {
      lines.push(`  ${c.tokenLabel}: ${c.holderName} — ${t(ISSUER[c.issuerFamily])}, ${t(ENVIRONMENT[c.environment])}, ` +
        `${t(STATE[c.state])}, ${t(PIN[c.pin])}, ${t(['gyldig til', 'valid to'])} ${c.validTo || '–'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
