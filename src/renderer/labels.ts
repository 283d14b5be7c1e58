// Display names for card and token states, per language.
import type { Language } from '../shared/ipc/settings-schema.ts';
import type { CardView } from '../shared/ipc/view-schemas.ts';

const ISSUER: Record<CardView['issuerFamily'], string> = { buypass: 'Buypass', commfides: 'Commfides', unknown: '' };
const UNKNOWN_ISSUER: Record<Language, string> = { nb: 'Ukjent utsteder', en: 'Unknown issuer' };
const ENV: Record<Language, Record<CardView['environment'], string>> = {
  nb: { test: 'test', prod: 'produksjon', unknown: 'ukjent' },
  en: { test: 'test', prod: 'production', unknown: 'unknown' },
};
const PIN: Record<Language, Record<CardView['pin'], string>> = {
  nb: {
    ok: 'Kan brukes',
    'count-low': 'Få forsøk igjen',
    'final-try': 'Siste forsøk',
    locked: 'Sperret',
    'pin-pad-unsupported': 'PIN-tastatur støttes ikke',
  },
  en: {
    ok: 'Usable',
    'count-low': 'Few tries left',
    'final-try': 'Final try',
    locked: 'Blocked',
    'pin-pad-unsupported': 'PIN pad not supported',
  },
};

export const issuerLabel = (card: CardView, lang: Language) =>
  card.issuerFamily === 'unknown'
    ? UNKNOWN_ISSUER[lang]
    : `${ISSUER[card.issuerFamily]} (${ENV[lang][card.environment]})`;
export const pinLabel = (card: Pick<CardView, 'pin'>, lang: Language) => PIN[lang][card.pin];

/**
 * Which HelseID the window talks to, in words for the person at the workstation: the known
 * environments by name, this machine's own emulator as the test environment, any other by its host.
 */
export function authorityName(
  authority: string,
  t: { readonly authorityKind: Readonly<Record<'embedded' | 'helseid-test' | 'helseid-prod', string>> },
): string {
  const url = URL.parse(authority);
  if (url === null) return authority;
  if (url.hostname === 'helseid-sts.test.nhn.no') return t.authorityKind['helseid-test'];
  if (url.hostname === 'helseid-sts.nhn.no') return t.authorityKind['helseid-prod'];
  if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]')
    return t.authorityKind.embedded;
  return url.host;
}
