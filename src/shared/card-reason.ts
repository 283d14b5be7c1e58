// Why a card cannot log in, as a code in the error text table, with the details its text names.
// The card list shows it on the card itself and the troubleshooting report lists it as a finding,
// so the person and IT read the same reason and the same advice.
import type { ErrorDetail } from './errors/app-error.ts';
import type { ErrorCode } from './errors/error-texts.ts';
import { formatDate } from './format-date.ts';

export interface CardForReason {
  readonly holderName: string;
  /** names the card when no certificate on it names its holder */
  readonly tokenLabel?: string;
  readonly issuerFamily: 'buypass' | 'commfides' | 'unknown';
  readonly state: 'ok' | 'expired' | 'not-yet-valid' | 'no-auth-certificate' | 'unknown-issuer';
  readonly pin: 'ok' | 'count-low' | 'final-try' | 'locked' | 'pin-pad-unsupported';
  readonly validTo: string;
  readonly validFrom?: string;
}

const ISSUER_NAME = {
  nb: { buypass: 'Buypass', commfides: 'Commfides', unknown: 'kortutstederen' },
  en: { buypass: 'Buypass', commfides: 'Commfides', unknown: 'the card issuer' },
} as const;

const UNKNOWN_HOLDER = { nb: 'ukjent innehaver', en: 'an unknown holder' } as const;

/** undefined: the card can log in (as far as the card itself says). */
export function cardReason(
  card: CardForReason,
  language: 'nb' | 'en',
): { code: ErrorCode; detail: ErrorDetail } | undefined {
  const holder = card.holderName || card.tokenLabel || UNKNOWN_HOLDER[language];
  const detail = { holder, issuer: ISSUER_NAME[language][card.issuerFamily] };
  switch (card.state) {
    case 'expired':
      return { code: 'card-expired-on', detail: { ...detail, date: formatDate(card.validTo) } };
    case 'not-yet-valid':
      return { code: 'card-valid-from', detail: { ...detail, date: formatDate(card.validFrom ?? '') } };
    case 'no-auth-certificate':
      return { code: 'card-no-login-certificate', detail };
    case 'unknown-issuer':
      return { code: 'card-issuer-unknown', detail };
    case 'ok':
      break;
  }
  if (card.issuerFamily === 'unknown') return { code: 'card-issuer-unknown', detail };
  if (card.pin === 'locked') return { code: 'card-pin-locked', detail };
  if (card.pin === 'pin-pad-unsupported') return { code: 'card-pin-pad-unsupported', detail };
  return undefined;
}
