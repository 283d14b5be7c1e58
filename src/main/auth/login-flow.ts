// One login, start to finish: PAR (PKCE S256, state, nonce, every user API as a resource) → system
// browser (its authorization endpoint probed meanwhile: authorize-probe.ts) → (card back channel on
// the embedded authority) → loopback callback → code redemption for the first API → ID token checks.
// That is the login; the further APIs' tokens (from the newest refresh token) follow in the
// background, see fetchRemainingTokens in helseid-client.ts.
import * as oidc from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { HelseIdConfig } from '../config/config-schema.ts';
import type { LoginStep } from '../../shared/session-types.ts';
import {
  authorizationRequestParameters,
  expectedIdp,
  isPortalToken,
  tokenApis,
  userApis,
  type CardIssuer,
} from './authorization-request.ts';
import type { AuthorityClock } from './authority-clock.ts';
import { withAuthorityRetry } from './authority-retry.ts';
import { watchAuthorizationEndpoint, type AuthorizeProbeTiming } from './authorize-probe.ts';
import { runCardBackChannel, type CardAuthenticator } from './card-back-channel.ts';
import type { CardBindings } from './card-bindings.ts';
import { signedSerialNumber } from './signed-certificate.ts';
import { acceptLogin, type CardHolder, type LoginFacts } from './login-acceptance.ts';
import { authenticateForm } from './client-auth.ts';
import type { IdTokenVerifier } from './id-token-signature.ts';
import { checkIdTokenTimes } from './id-token-times.ts';
import { linkSignals } from './linked-signal.ts';
import type { BrowserLaunch } from './browser-launch.ts';
import { startLoopbackListener } from './loopback-listener.ts';
import { toAuthError } from './map-auth-error.ts';
import { revokeRefreshToken, type HelseIdSession } from './session.ts';
import { userFromIdToken } from './user-claims.ts';

export interface LoginOptions {
  readonly cardIssuer?: CardIssuer;
  /**
   * the chosen card as its certificate names its holder: the login is kept only if it ends as this
   * person (login-acceptance.ts). A card login without it is checked for freshness and IdP only.
   */
  readonly card?: CardHolder;
  /** TestIdP person (test and embedded authorities) */
  readonly testPid?: string;
  readonly testSecurityLevel?: string;
  readonly signal?: AbortSignal;
  /** the person's language, for the browser tab's "you can close this tab" page */
  readonly language?: 'nb' | 'en';
  readonly onProgress?: (step: LoginStep) => void;
}

export interface LoginFlowDeps {
  readonly config: HelseIdConfig;
  readonly session: HelseIdSession;
  readonly openExternal: (url: string) => Promise<void>;
  readonly cardAuthenticator?: CardAuthenticator;
  /** per-request limit on the card back channel (default CARD_REQUEST_TIMEOUT_MS) */
  readonly cardRequestTimeoutMs?: number;
  readonly fetch: typeof fetch;
  readonly log: (line: string) => void;
  /** which person each card proved to be on this workstation (card-bindings.ts); none: not checked */
  readonly cardBindings?: CardBindings;
  /**
   * a login that came back refused (login-acceptance.ts): HelseID's session in the browser must end,
   * so the next login does not meet it again; the session still holds its ID token for that
   */
  readonly endRefusedInBrowser?: (session: HelseIdSession) => Promise<void>;
  /** the skew measured from every authority response (a refusal after a clock change is retried once) */
  readonly authorityClock?: AuthorityClock;
  /** checks the ID token's signature against the authority's keys (fetched while the browser is open) */
  readonly idTokenVerifier?: IdTokenVerifier;
  /** when and how often the authorization endpoint is probed while the browser is out (tests shorten it) */
  readonly authorizeProbe?: Partial<AuthorizeProbeTiming>;
  /** overrides login_timeout_seconds (whose minimum is 30 s): tests only */
  readonly loginTimeoutMs?: number;
  /** the Set-Cookie the callback's answer carries: this login's browser binding (browser-binding.ts) */
  readonly bindingCookie?: string;
  /**
   * hands the authorize URL to the browser through a one-time loopback page (browser-launch.ts), so
   * that the browser's command line carries nothing; without it the URL itself is opened
   */
  readonly launchBrowser?: (authorizeUrl: string, timeoutMs: number) => Promise<BrowserLaunch>;
}

export async function runLogin(deps: LoginFlowDeps, options: LoginOptions): Promise<void> {
  const { session, log } = deps;
  const appConfig = deps.config;
  const progress = options.onProgress ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const server = session.oidc.serverMetadata();
  const stop = new AbortController(); // ends the card back channel with the login
  const probing = new AbortController(); // ends the authorize probes (login over, or progress seen)
  const cancelled = () => new AppError('login-cancelled', { retriable: true });
  const clock = deps.authorityClock;
  const retry = { signal, log, ...(clock ? { clock } : {}) };

  const loginTimeoutMs = deps.loginTimeoutMs ?? appConfig.login_timeout_seconds * 1000;
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  let launch: BrowserLaunch | undefined;
  const listener = await startLoopbackListener({
    ...(options.language ? { language: options.language } : {}),
    expectedState: state,
    expectedIssuer: server.issuer,
    timeoutMs: loginTimeoutMs,
    port: appConfig.redirect.port,
    signal,
    log,
    ...(deps.bindingCookie ? { setCookie: deps.bindingCookie } : {}),
  });
  try {
    progress('pushed-authorization-request');
    const parameters = authorizationRequestParameters({
      config: appConfig,
      redirectUri: listener.redirectUri,
      state,
      nonce,
      codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      ...(options.cardIssuer ? { cardIssuer: options.cardIssuer } : {}),
      ...(options.testPid ? { testPid: options.testPid } : {}),
      ...(options.testSecurityLevel ? { testSecurityLevel: options.testSecurityLevel } : {}),
    });
    const authorizeUrl = await withAuthorityRetry(
      'par',
      () => oidc.buildAuthorizationUrlWithPAR(session.oidc, parameters, { DPoP: session.dpop.handle }),
      retry,
    ).catch((err: unknown) => Promise.reject(toAuthError(err, 'par', clock?.skewSeconds)));
    if (signal.aborted) throw cancelled();
    // the authentication must come after this moment: the PAR's answer just measured the skew
    const startedAt = authorityNow(clock);

    launch = await deps.launchBrowser?.(authorizeUrl.href, loginTimeoutMs);
    await deps
      .openExternal(launch?.url ?? authorizeUrl.href)
      .catch((err: unknown) => Promise.reject(new AppError('browser-open-failed', { retriable: true, cause: err })));
    progress('browser-opened');
    void deps.idTokenVerifier?.prefetch(); // while the person is in the browser, not after the callback (never rejects)

    // A 5xx at authorize shows only in the browser: probe the endpoint (never with the login's
    // request_uri, see authorize-probe.ts) so the person hears "HelseID is not responding" in ~11 s.
    const authorizeDown = server.authorization_endpoint
      ? watchAuthorizationEndpoint({
          authorizationEndpoint: server.authorization_endpoint,
          clientId: appConfig.client.client_id,
          fetch: deps.fetch,
          signal: linkSignals([signal, probing.signal]).signal, // released when probing ends (aborted in finally)
          log,
          ...(deps.authorizeProbe ? { timing: deps.authorizeProbe } : {}),
        })
      : new Promise<never>(() => {});

    const cardEndpoint = server['helseid_desktop_card_endpoint'];
    const requestUri = authorizeUrl.searchParams.get('request_uri');
    // what the app's card authenticator signed for THIS login (an SSO ride never asks the card)
    let signedToken: unknown;
    const authenticator = deps.cardAuthenticator;
    const card =
      options.cardIssuer && typeof cardEndpoint === 'string' && authenticator && requestUri
        ? runCardBackChannel({
            endpoint: cardEndpoint,
            requestUri,
            authenticate: (form) => authenticateForm(server, session.clientMetadata, session.clientAuth, form),
            cardAuthenticator: async (request) => (signedToken = await authenticator(request)),
            fetch: deps.fetch,
            signal: linkSignals([signal, stop.signal]).signal, // released when stop ends (aborted in finally)
            onProgress: (step) => {
              // a challenge means the browser reached the card page: authorize worked, stop probing it
              if (step === 'card-signing') probing.abort();
              progress(step);
            },
            ...(deps.cardRequestTimeoutMs !== undefined ? { requestTimeoutMs: deps.cardRequestTimeoutMs } : {}),
          })
        : undefined;
    // A card failure ends the login; the card finishing only means the browser will now redirect.
    const cardDone = card?.then(() => progress('waiting-for-callback'));
    if (!card) progress('waiting-for-callback');
    const callbackUrl = await Promise.race([
      cardDone ? Promise.race([listener.callback, cardDone.then(() => listener.callback)]) : listener.callback,
      authorizeDown,
      // another program read the page's address and asked for it too: stop before anything is signed
      ...(launch ? [launch.taken] : []),
    ]);
    probing.abort();
    // signed, and the authority's answer to it still on its way while the browser already came back
    if (card && signedToken !== undefined) await card;

    progress('redeeming-code');
    // the first user API as the only resource: a code redemption without one yields a
    // multi-audience token. Login only (no user APIs, no portal): no resource was requested, none is
    // sent. A portal alone: its resource, but the access token is not kept (it names no patient).
    const firstApi = userApis(appConfig)[0] ?? tokenApis(appConfig)[0];
    // retried only on refusals that say the code was not used (a nonce, the clock), never on a 5xx
    const tokens = await withAuthorityRetry(
      'code',
      () =>
        oidc.authorizationCodeGrant(
          session.oidc,
          callbackUrl,
          { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
          firstApi ? { resource: firstApi.resource } : {},
          { DPoP: session.dpop.handle },
        ),
      retry,
    ).catch((err: unknown) => Promise.reject(toAuthError(err, 'code', clock?.skewSeconds)));
    try {
      // its times on the authority's clock as this very answer measured it (id-token-times.ts)
      checkIdTokenTimes(tokens.claims() ?? {}, authorityNow(clock), clock?.measured ?? false);
      // the signature first: nobody is shown or bound to the card on an ID token HelseID did not sign
      if (deps.idTokenVerifier) await deps.idTokenVerifier.verify(tokens.id_token ?? '');
      session.identity = userFromIdToken(tokens.claims()!);
      session.idToken = tokens.id_token;
      await decideLogin(deps, options, {
        claims: tokens.claims()!,
        startedAt,
        cardSignature:
          options.cardIssuer && typeof cardEndpoint === 'string'
            ? { signedSerialNumber: signedSerialNumber(signedToken) }
            : undefined,
      });
    } catch (err) {
      // refused (signature, security level, another person): no usable refresh token left at HelseID,
      // and nothing of this login kept
      await revokeRefreshToken(session, tokens.refresh_token, log);
      session.identity = undefined;
      session.idToken = undefined;
      throw err;
    }
    if (firstApi && isPortalToken(firstApi)) session.store.acceptRefreshToken(tokens);
    else if (firstApi) session.store.accept(firstApi.name, tokens);
    // Login only: the access token (userinfo audience) is not kept; there is nothing to call with it.
    // A refresh token we never asked for (some authorities send one anyway) is revoked, not just
    // dropped: nothing here would use it, and it must not outlive the session at the authority.
    else if (tokens.refresh_token !== undefined) await revokeRefreshToken(session, tokens.refresh_token, log);

    // The other APIs' tokens are not waited for: the person is logged in now, and helseid-client.ts
    // fetches them in the background (each API shows 'fetching' until its token is there).
    if (signal.aborted) throw cancelled();
    progress('done');
  } catch (err) {
    if (signal.aborted && !(err instanceof AppError && err.code === 'security-level-too-low')) throw cancelled();
    if (err instanceof AppError && err.code === 'login-timeout') throw loginTimedOut(loginTimeoutMs, log);
    throw err instanceof AppError ? err : toAuthError(err, 'code');
  } finally {
    stop.abort();
    probing.abort();
    listener.close();
    launch?.close();
  }
}

/**
 * Nothing reached the loopback listener in time. The app cannot tell why: the person may still be
 * at the identity provider, or the browser shows an error page that never comes back to a client —
 * HelseID's for a failed authorization request (a 5xx for this one request while the endpoint
 * answers our probes), or its "invalid/expired request_uri" page when the login page loaded after the
 * request_uri's lifetime (HelseID: 60 s; RFC 9126 §2.2). So IT reads that limit here, and the person
 * is told to look for an error page in the browser (the error table's login-timeout).
 */
function loginTimedOut(timeoutMs: number, log: (line: string) => void): AppError {
  const waited = Math.round(timeoutMs / 1000);
  const problem =
    'no authorization response reached the loopback redirect_uri; the browser may show an error page from the authority ' +
    '(its authorization request failed, or the request_uri expired before the page loaded), which the app cannot see';
  log(`login: timed out after ${waited} s: ${problem}`);
  return new AppError('login-timeout', {
    retriable: true,
    detail: { operation: 'authorize', waited_seconds: waited, problem },
  });
}

/** epoch seconds on the authority's clock (the PC's own when no clock is kept) */
function authorityNow(clock: AuthorityClock | undefined): number {
  return clock ? clock.nowSeconds() : Math.floor(Date.now() / 1000);
}

/**
 * The acceptance (login-acceptance.ts) with what it needs from outside: the expected IdP and the
 * card's binding. Refused: HelseID's browser session is ended (the refused login's ID token is used
 * as the hint), and the refusal is thrown. Accepted: a card login binds the card to this person.
 */
async function decideLogin(
  deps: LoginFlowDeps,
  options: LoginOptions,
  facts: Pick<LoginFacts, 'claims' | 'startedAt' | 'cardSignature'>,
): Promise<void> {
  const { session, log } = deps;
  const card = options.card && options.cardIssuer ? options.card : undefined;
  const sub = typeof facts.claims['sub'] === 'string' ? facts.claims['sub'] : '';
  const binding = card && deps.cardBindings ? await deps.cardBindings.check(card, sub) : 'unknown';
  const verdict = acceptLogin({
    ...facts,
    expectedIdp: expectedIdp(deps.config, options.cardIssuer),
    card,
    testPid: options.cardIssuer ? undefined : options.testPid,
    binding,
  });
  if (verdict.verdict === 'accepted') {
    if (card) await deps.cardBindings?.remember(card, sub);
    return;
  }
  log(`login refused: ${String(verdict.error.detail?.['failed'] ?? verdict.rule)}`);
  await deps.endRefusedInBrowser?.(session).catch(() => log('login refused: ending the browser session failed'));
  throw verdict.error;
}
