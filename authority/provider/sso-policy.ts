// When the emulator lets an authorization ride the browser's SSO session and when it makes the person
// log in again — as HelseID does, which runs on Duende IdentityServer. IdentityServer's authorize
// interaction (src/IdentityServer/ResponseHandling/Default/AuthorizeInteractionResponseGenerator.cs,
// ProcessLoginAsync) shows the login page when: the request has prompt=login (or select_account, or
// max_age=0); the user is not authenticated; the `idp:` value in acr_values is not the IdP the SSO
// session was made with ("Showing login: Current IdP ({currentIdp}) is not the requested IdP ({idp})");
// or max_age is exceeded ("Showing login: Requested MaxAge exceeded."). Otherwise the session rides.
// oidc-provider already does prompt=login, no session and max_age (its login prompt's checks); the
// IdP check is added here. The session's IdP is the `idp` claim its login got (IdentityServer keeps
// it, with the person's other claims, in the session cookie), recorded when an authorization succeeds.
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { LoginRecord } from './accounts.ts';

/**
 * What each browser session logged in as (person, IdP, level), by oidc-provider's session uid: an
 * authorization that rides the session gets these, even when the grant of the login that made the
 * session is gone (its refresh token revoked), as IdentityServer's session cookie still holds them.
 */
export class SessionLogins {
  readonly #byUid = new Map<string, LoginRecord>();

  record(sessionUid: string, login: LoginRecord): void {
    this.#byUid.set(sessionUid, login);
  }

  get(sessionUid: string | undefined): LoginRecord | undefined {
    return sessionUid === undefined ? undefined : this.#byUid.get(sessionUid);
  }
}

/** The IdP an authorization request names: the first `idp:` value of acr_values, as IdentityServer's GetIdP. */
export function requestedIdp(acrValues: unknown): string | undefined {
  if (typeof acrValues !== 'string') return undefined;
  const value = acrValues.split(' ').find((v) => v.startsWith('idp:'));
  return value?.slice('idp:'.length);
}

export interface SsoPolicyOptions {
  readonly sessionLogins: SessionLogins;
  /**
   * the ignoreFreshLoginRequests fault: a misbehaving authority that rides any SSO session, whatever
   * prompt, max_age or the requested IdP say — so tests can show that the app refuses what comes back
   */
  readonly rideAnySession: () => boolean;
}

export function helseIdInteractionPolicy(o: SsoPolicyOptions) {
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  login.checks.add(
    new interactionPolicy.Check(
      'idp',
      'the requested IdP is not the IdP of the SSO session',
      (ctx: KoaContextWithOIDC) => {
        const { session, params, result } = ctx.oidc;
        // no session: oidc-provider's no_session check asks for a login already; just logged in: done
        if (!session?.accountId || result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        const wanted = requestedIdp(params?.acr_values);
        if (wanted === undefined) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        return o.sessionLogins.get(session.uid)?.idp !== wanted
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT;
      },
      (ctx: KoaContextWithOIDC) => ({
        requested_idp: requestedIdp(ctx.oidc.params?.acr_values),
        session_idp: o.sessionLogins.get(ctx.oidc.session?.uid)?.idp,
      }),
    ),
  );
  // the fault: every login check (prompt=login, max_age, idp, …) is waived while a session exists
  for (const check of login.checks) {
    const decide = check.check;
    check.check = (ctx: KoaContextWithOIDC) =>
      o.rideAnySession() && ctx.oidc.session?.accountId ? interactionPolicy.Check.NO_NEED_TO_PROMPT : decide(ctx);
  }
  return policy;
}

/**
 * Records what the session an authorization succeeded on logged in as: its grant's login facts (a
 * new login's, or the SSO session's copied into the new grant).
 */
export function recordSessionLogin(
  ctx: KoaContextWithOIDC,
  sessionLogins: SessionLogins,
  loginOfGrant: (grantId: string | undefined) => LoginRecord | undefined,
): void {
  const { session, client } = ctx.oidc;
  if (!session?.uid || !client) return;
  const login = loginOfGrant(session.grantIdFor?.(client.clientId));
  if (login) sessionLogins.record(session.uid, login);
}
