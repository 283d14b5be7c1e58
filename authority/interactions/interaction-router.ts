// Where oidc-provider sends the browser when someone must log in: the emulated identity providers.
// TestIdP logs the PAR's test_pid in at once (no page); Buypass/Commfides show a waiting page until
// the desktop app has proven the card on the back channel. The interaction is looked up by the uid
// in the URL, not the cookie, so a cookie-less client following redirects also gets through TestIdP.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionLike, Provider } from 'oidc-provider';
import { idpFromAcrValues, type IdentityProvider } from '../settings.ts';
import { personByPid, type TestPerson } from '../test-persons.ts';
import { madeUpPerson, testIdpLogin } from './test-idp.ts';
import { requestedIdp, type SessionLogins } from '../provider/sso-policy.ts';
import { subjectFor, type LoginRecords, type SecurityLevel } from '../provider/accounts.ts';
// national id numbers never go to a log line whole
import { maskPid } from './national-id.ts';
import type { ParRegistry } from '../provider/par-registry.ts';
import type { CardSessions } from '../card/card-sessions.ts';
import { redirect, sendHtml } from '../http/io.ts';
import { cardWaitingPage, errorPage } from './pages.ts';
import { grantForConsent, grantForLogin } from './grant.ts';

export interface InteractionDeps {
  provider: Provider;
  logins: LoginRecords;
  pars: ParRegistry;
  cardSessions: CardSessions;
  idps: readonly IdentityProvider[];
  /** interactions TestIdP finished: their resume may come without the resume cookie */
  serverCompleted: Set<string>;
  log: (line: string) => void;
  /** the rejectScopes knob: scopes withheld at login */
  rejectScopes: () => readonly string[];
  /** the loginAs fault: every login completes as this person (a broken identity provider) */
  loginAs: () => string | undefined;
  /** what each browser session logged in as (its grant may be gone: a revoked refresh token) */
  sessionLogins: SessionLogins;
}

async function finish(
  interaction: InteractionLike,
  result: Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  interaction.result = result;
  await interaction.save(Math.max(interaction.exp - Math.floor(Date.now() / 1000), 1));
  redirect(res, interaction.returnTo);
}

/** The scopes this authorization asked for that the rejectScopes knob withholds (read now, per authorization). */
function withheldScopes(d: InteractionDeps, interaction: InteractionLike): string[] {
  const requested = String(interaction.params.scope ?? '').split(' ');
  return d.rejectScopes().filter((s) => requested.includes(s));
}

async function login(
  d: InteractionDeps,
  interaction: InteractionLike,
  idp: IdentityProvider,
  authenticated: TestPerson,
  level: SecurityLevel,
  res: ServerResponse,
) {
  const substitute = d.loginAs();
  const person =
    substitute === undefined || substitute === authenticated.pid
      ? authenticated
      : (personByPid(substitute) ?? madeUpPerson(substitute, undefined));
  if (person !== authenticated) d.log(`login via ${idp.idp}: the loginAs fault answers with another person`);
  const pid = person.pid;
  const accountId = subjectFor(pid);
  const rejectedScopes = withheldScopes(d, interaction);
  const grantId = await grantForLogin(d.provider, interaction, accountId, new Set(rejectedScopes));
  const par = d.pars.byInteraction(interaction.uid);
  d.logins.set(grantId, {
    pid,
    person,
    rejectedScopes,
    // IdentityServer names the session's IdP by the scheme acr_values chose (the `idp` claim): an
    // alias such as the older `idp:commfides` is its own scheme there
    idp: requestedIdp(interaction.params.acr_values) ?? idp.idp,
    amr: [...idp.amr],
    securityLevel: level,
    offlineAccess: par?.offlineAccess ?? false,
    tillitsrammeverk: par?.tillitsrammeverk,
  });
  d.log(`login via ${idp.idp}: ${maskPid(pid)} at security level ${level}`);
  await finish(interaction, { login: { accountId, amr: [...idp.amr], remember: true }, consent: { grantId } }, res);
}

/**
 * A new authorization riding the SSO session (no new authentication): a new grant with the session's
 * login facts (person, IdP, level) and THIS request's scopes, withheld scopes, offline_access and
 * Tillitsrammeverk — as HelseID decides what to grant per authorization request, not per session.
 */
async function ssoReuse(d: InteractionDeps, interaction: InteractionLike, accountId: string, res: ServerResponse) {
  const previous = d.logins.get(interaction.grantId) ?? d.sessionLogins.get(interaction.session?.uid);
  if (!previous) {
    // a session the emulator has no login facts for: grant what was asked, as before
    const grantId = await grantForConsent(d.provider, interaction, accountId);
    return finish(interaction, { consent: { grantId } }, res);
  }
  const rejectedScopes = withheldScopes(d, interaction);
  const grantId = await grantForLogin(d.provider, interaction, accountId, new Set(rejectedScopes));
  const par = d.pars.byInteraction(interaction.uid);
  d.logins.set(grantId, {
    ...previous,
    rejectedScopes,
    offlineAccess: par?.offlineAccess ?? false,
    tillitsrammeverk: par?.tillitsrammeverk,
  });
  d.log(
    `sso session reused (${previous.idp}): ${maskPid(previous.pid)}${rejectedScopes.length ? `, withheld: ${rejectedScopes.join(' ')}` : ''}`,
  );
  await finish(interaction, { consent: { grantId } }, res);
}

async function testIdp(d: InteractionDeps, interaction: InteractionLike, idp: IdentityProvider, res: ServerResponse) {
  const outcome = testIdpLogin(interaction.params);
  d.serverCompleted.add(interaction.uid);
  if ('refusal' in outcome) {
    d.log(`login via ${idp.idp} refused: ${outcome.refusal}`);
    return finish(interaction, { error: 'access_denied', error_description: outcome.refusal }, res);
  }
  await login(d, interaction, idp, outcome.person, outcome.level, res);
}

async function cardIdp(d: InteractionDeps, interaction: InteractionLike, idp: IdentityProvider, res: ServerResponse) {
  const par = d.pars.byInteraction(interaction.uid);
  if (!par || (idp.kind !== 'buypass' && idp.kind !== 'commfides')) {
    return sendHtml(
      res,
      400,
      errorPage('Login cannot continue', 'This login did not start with a pushed authorization request.'),
    );
  }
  const session = d.cardSessions.browserArrived(par.requestUri, interaction.uid, idp.kind);
  const person = session.authenticatedPid ? personByPid(session.authenticatedPid) : undefined;
  if (person) return login(d, interaction, idp, person, '4', res);
  sendHtml(res, 200, cardWaitingPage(idp.displayName, session.lastError));
}

export function interactionRouter(d: InteractionDeps) {
  return async (_req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> => {
    const interaction = await d.provider.Interaction.find(uid);
    if (!interaction)
      return sendHtml(
        res,
        400,
        errorPage('Login expired', 'This login has expired or was completed. Start again from the app.'),
      );
    if (interaction.prompt.name === 'consent' && interaction.session?.accountId) {
      d.serverCompleted.add(uid);
      return ssoReuse(d, interaction, interaction.session.accountId, res);
    }
    const idp = idpFromAcrValues(interaction.params.acr_values as string | undefined, d.idps);
    if (!idp) {
      const choices = d.idps.map((p) => p.acrValues[0]).join(', ');
      return sendHtml(
        res,
        400,
        errorPage('Choose an identity provider', `The app must send acr_values naming one: ${choices}.`),
      );
    }
    if (idp.kind === 'testidp') return testIdp(d, interaction, idp, res);
    return cardIdp(d, interaction, idp, res);
  };
}
