// THE decision whether a login that came back from HelseID is kept: the one place that says
// "accepted" or names the rule that refused it. Called once per login (login-flow.ts), after the ID
// token's signature and times were checked and before anything of the login is kept.
//
// HelseID's own rule (utviklerportal, "Validating Identity Tokens"): a client with local identities
// must make sure the locally signed-in user is the person who signed in to HelseID, and should check
// auth_time. Here the local identity is the chosen card. HelseID's SSO lives in the system browser's
// cookie, so an authorization can come back as whoever logged in last in that browser; every login
// therefore asks for a fresh authentication (prompt=login, max_age=0: authorization-request.ts) and
// its result must show that it was one, by the chosen card's holder:
// - auth_time: the authentication happened after this login's PAR, on the authority's clock
//   (the skew measured from the PAR's own answer), less AUTH_TIME_TOLERANCE_SECONDS;
// - idp: the ID token's `idp` is the IdP the card's issuer maps to (config `expected_idp`, by default
//   the `idp:` value of `acr_values`, which is what IdentityServer names the session by);
// - signature (embedded authority only, which has the card back channel): the app's card
//   authenticator signed THIS login's challenge with THE chosen card — an SSO ride asks no card;
// - name: the card certificate's holder and the ID token's person have the same names (person-names.ts);
// - card binding: the card, once proven on this workstation, is not now someone else (card-bindings.ts);
// - test_pid: a TestIdP login that names a person ends as that person.
// What this cannot catch against real HelseID is in src/main/auth/README.md.
import { AppError } from '../../shared/errors/app-error.ts';
import type { BindingCheck } from './card-bindings.ts';
import { compareNames, type CardNames } from './person-names.ts';
import { CLAIMS } from './user-claims.ts';

/**
 * auth_time is whole seconds; "login started" is the authority's time from the PAR answer's Date
 * header (whole seconds, and skews under 2 s are read as none: authority-clock.ts) — up to ~3 s of
 * rounding, plus a second or two between HelseID's nodes. An SSO session made 5 s before the
 * person pressed "Logg inn" is not one a person could have left behind for someone else.
 */
export const AUTH_TIME_TOLERANCE_SECONDS = 5;

export type RefusalRule = 'auth_time' | 'idp' | 'signature' | 'name' | 'card-binding' | 'test_pid';

/** The chosen card, as its authentication certificate's subject names it. */
export interface CardHolder extends CardNames {
  readonly issuer: 'buypass' | 'commfides';
  /** subject serialNumber `UN:NO-9578-<issuer>-<id>`; '' when the certificate has none */
  readonly serialNumber: string;
}

export interface LoginFacts {
  /** the ID token's claims (signature and times already checked) */
  readonly claims: Readonly<Record<string, unknown>>;
  /** epoch seconds on the authority's clock when the PAR was answered */
  readonly startedAt: number;
  /** the `idp` the ID token must carry; undefined: not checked */
  readonly expectedIdp: string | undefined;
  /** a card login: the chosen card */
  readonly card?: CardHolder | undefined;
  /** a TestIdP login that names a person */
  readonly testPid?: string | undefined;
  /**
   * the authority has the card back channel (the embedded one): a card login must have been signed
   * there, for this login's challenge, by the chosen card (`signedSerialNumber`: the subject
   * serialNumber of the certificate in the token the app's authenticator made; undefined: none made)
   */
  readonly cardSignature?: { readonly signedSerialNumber: string | undefined } | undefined;
  /** what the card's binding says about this person (card-bindings.ts) */
  readonly binding: BindingCheck;
}

export type LoginVerdict =
  | { readonly verdict: 'accepted' }
  | { readonly verdict: 'refused'; readonly rule: RefusalRule; readonly error: AppError };

export function acceptLogin(facts: LoginFacts): LoginVerdict {
  const { claims, card } = facts;
  const failed: RefusalRule[] = [];
  const detail: Record<string, string | number> = {};

  const authTime = claims['auth_time'];
  if (typeof authTime !== 'number') {
    failed.push('auth_time');
    detail['auth_time'] = 'missing';
  } else if (authTime < facts.startedAt - AUTH_TIME_TOLERANCE_SECONDS) {
    failed.push('auth_time');
    detail['authenticated_seconds_before_login'] = facts.startedAt - authTime;
  }
  if (facts.expectedIdp !== undefined && claims['idp'] !== facts.expectedIdp) {
    failed.push('idp');
    detail['expected_idp'] = facts.expectedIdp;
    detail['idp'] = typeof claims['idp'] === 'string' ? claims['idp'].slice(0, 64) : 'missing';
  }
  if (card && facts.cardSignature) {
    const signed = facts.cardSignature.signedSerialNumber;
    if (signed === undefined || (card.serialNumber !== '' && signed !== card.serialNumber)) {
      failed.push('signature');
      detail['signature'] = signed === undefined ? 'the card was never asked to sign' : 'another card signed';
    }
  }
  if (card && compareNames(card, claims) === 'different') failed.push('name');
  if (card && facts.binding === 'other-person') failed.push('card-binding');
  if (facts.testPid !== undefined && claims[CLAIMS.pid] !== facts.testPid) failed.push('test_pid');

  const [rule] = failed;
  if (rule === undefined) return { verdict: 'accepted' };
  return {
    verdict: 'refused',
    rule,
    error: new AppError('login-other-person', {
      retriable: true,
      detail: { rule, failed: failed.join(', '), ...detail },
    }),
  };
}
