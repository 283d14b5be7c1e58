// What `login` prints: who logged in and, per API, the token's audience, scopes and expiry and the
// result of one call. Never a token; the national id number only masked; API answers redacted.
import type { CardPinState } from '../../shared/card-types.ts';
import { errorText, type Language } from '../../shared/errors/error-texts.ts';
import { formatDateTime } from '../../shared/format-date.ts';
import type { ApiTokenInfo, LoginStep } from '../../shared/session-types.ts';
import { redactForRenderer } from '../controller/redact.ts';
import type { LoggedInUser } from '../auth/user-claims.ts';

export type ApiCallOutcome = { readonly status: number; readonly body: unknown } | { readonly error: string };

export interface LoginResult {
  readonly user: {
    readonly name: string;
    readonly hprNumber?: string;
    readonly securityLevel: string;
    readonly pidMasked: string;
    readonly idp?: string;
  };
  readonly apis: readonly {
    readonly name: string;
    readonly audience: string;
    readonly scopes: readonly string[];
    /** asked for, not granted by HelseID (rejected_scope) */
    readonly rejectedScopes?: readonly string[];
    readonly expiresAt?: string;
    readonly state: string;
    readonly call: ApiCallOutcome;
  }[];
}

export function loginResult(
  user: LoggedInUser,
  tokens: readonly ApiTokenInfo[],
  calls: ReadonlyMap<string, ApiCallOutcome>,
): LoginResult {
  return {
    // explicit fields, not a spread: nothing the user object may gain later leaks by default
    user: {
      name: user.name,
      securityLevel: user.securityLevel,
      pidMasked: user.pidMasked,
      ...(user.hprNumber ? { hprNumber: user.hprNumber } : {}),
      ...(user.idp ? { idp: user.idp } : {}),
    },
    apis: tokens.map((t) => {
      const call = calls.get(t.name) ?? { error: 'not-called' };
      return {
        name: t.name,
        audience: t.audience,
        scopes: [...t.scopes],
        state: t.state,
        ...(t.rejectedScopes?.length ? { rejectedScopes: [...t.rejectedScopes] } : {}),
        ...(t.expiresAt === undefined ? {} : { expiresAt: new Date(t.expiresAt).toISOString() }),
        call: 'error' in call ? call : { status: call.status, body: redactForRenderer(call.body) },
      };
    }),
  };
}

export function formatLoginResult(r: LoginResult, language: Language, now: number): string {
  const nb = language === 'nb';
  const u = r.user;
  const lines = [
    `${nb ? 'Logget inn' : 'Logged in'}: ${u.name}, HPR ${u.hprNumber ?? '–'}, ${nb ? 'sikkerhetsnivå' : 'security level'} ${u.securityLevel}, ` +
      `${nb ? 'fødselsnummer' : 'national id'} ${u.pidMasked}${u.idp ? ` (${u.idp})` : ''}`,
  ];
  for (const api of r.apis) {
    // local time like every date the app prints; the seconds left because tokens live minutes
    const expiry = api.expiresAt
      ? `${nb ? 'utløper' : 'expires'} ${formatDateTime(api.expiresAt)} (${nb ? 'om' : 'in'} ${Math.round((Date.parse(api.expiresAt) - now) / 1000)} s)`
      : api.state;
    const call =
      'error' in api.call
        ? `${errorText(api.call.error, language).title} (${api.call.error})`
        : `HTTP ${api.call.status} ${short(api.call.body)}`;
    lines.push(`  ${api.name}: aud ${api.audience} — ${api.scopes.join(' ')} — ${expiry}`);
    if (api.rejectedScopes?.length)
      lines.push(`    ${nb ? 'ikke innvilget' : 'not granted'}: ${api.rejectedScopes.join(' ')}`);
    lines.push(`    → ${call}`);
  }
  return `${lines.join('\n')}\n`;
}

const short = (body: unknown): string => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

const STEP_TEXT: Readonly<Partial<Record<LoginStep, readonly [string, string]>>> = {
  'pushed-authorization-request': ['Starter innlogging hos HelseID …', 'Starting the HelseID login …'],
  'browser-opened': ['Nettleseren er åpnet.', 'The browser is open.'],
  'waiting-for-card': ['Venter på kortsiden i nettleseren …', 'Waiting for the card page in the browser …'],
  'card-signing': ['Kortet signerer …', 'The card is signing …'],
  'redeeming-code': ['Henter tokens …', 'Fetching tokens …'],
};

export function stepText(step: LoginStep, language: Language): string | undefined {
  return STEP_TEXT[step]?.[language === 'nb' ? 0 : 1];
}

/** PKCS#11 tells no number of tries, only these flags: say what they mean. */
export function pinStateText(pin: CardPinState, language: Language): string {
  const texts: Record<CardPinState, readonly [string, string]> = {
    ok: ['kortet melder flere enn noen få forsøk igjen', 'the card reports more than a few tries left'],
    'count-low': ['kortet melder bare noen få forsøk igjen', 'the card reports only a few tries left'],
    'final-try': ['kortet melder 1 forsøk igjen', 'the card reports 1 try left'],
    locked: ['kortet er sperret', 'the card is blocked'],
    'pin-pad-unsupported': ['kortleseren har PIN-tastatur', 'the reader has a PIN pad'],
  };
  return `PIN: ${texts[pin][language === 'nb' ? 0 : 1]}`;
}
