// The HelseID client of the main process: login, the session's per-API tokens, API calls, unit
// switch, logout and card removal. Plain Node: everything from outside (fetch, the system browser,
// the card, time) is injected, so it runs the same in Electron, in the preview and in tests.
import type { JWK } from 'jose';
import type { CryptoKey } from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type {
  ApiCallResult,
  ApiTokenInfo,
  MachineTokenInfo,
  SessionEvent,
  SessionStatus,
} from '../../shared/session-types.ts';
import type { HelseIdConfig } from '../config/config-schema.ts';
import { callApi as callProtectedApi } from './api-call.ts';
import { AuthorityClock } from './authority-clock.ts';
import type { AuthorizeProbeTiming } from './authorize-probe.ts';
import type { CardAuthenticator } from './card-back-channel.ts';
import { importClientKey, isClientKey, readClientJwk, type ClientKey } from '../keys/client-key.ts';
import { cachedDiscovery } from './discovery.ts';
import { idTokenVerifier, type IdTokenVerifier } from './id-token-signature.ts';
import type { PageLanguage } from './end-session-page.ts';
import { createSessionEnding } from './session-ending.ts';
import { createBrowserBinding, type BrowserBinding } from './browser-binding.ts';
import { launchThroughHandOff, type BrowserLaunch } from './browser-launch.ts';
import { memoryCardBindings, type CardBindings } from './card-bindings.ts';
import { DpopNonces } from '../dpop/dpop-nonces.ts';
import { userApis } from './authorization-request.ts';
import { runLogin, type LoginOptions } from './login-flow.ts';
import { createMachineTokens } from './machine-tokens.ts';
import { boundedFetch, REQUEST_TIMEOUT_MS, untilAborted } from './outgoing-requests.ts';
import { realScheduler, type Scheduler } from './scheduler.ts';
import { createSession, type HelseIdSession } from './session.ts';
import type { LoggedInUser } from './user-claims.ts';
import { namingTheClient } from '../keys/key-ring.ts';
import { createPortalTokens, type PortalTokens } from './portal-tokens.ts';

export interface HelseIdClientDeps {
  readonly config: HelseIdConfig;
  readonly fetch?: typeof fetch;
  readonly openExternal: (url: string) => Promise<void>;
  readonly cardAuthenticator?: CardAuthenticator;
  /** per-request limit on the card back channel (tests shorten it) */
  readonly cardRequestTimeoutMs?: number;
  /** epoch ms; token lifetimes and refresh timing (openid-client itself uses Date.now + the measured skew) */
  readonly clock?: () => number;
  readonly scheduler?: Scheduler;
  readonly log?: (line: string) => void;
  /** the key store's current key (provisioned clients); without it, config.client.private_jwk_path is read */
  readonly loadClientKey?: () => Promise<CryptoKey | JWK | ClientKey>;
  /** the longest any single outgoing request may take (default REQUEST_TIMEOUT_MS) */
  readonly requestTimeoutMs?: number;
  /** when the authorization endpoint is probed while the browser is out (authorize-probe.ts; tests shorten it) */
  readonly authorizeProbe?: Partial<AuthorizeProbeTiming>;
  /** overrides login_timeout_seconds (whose minimum is 30 s): tests only */
  readonly loginTimeoutMs?: number;
  /**
   * which browser may receive the end-session form and the login page (browser-binding.ts): the OS
   * user's, kept in their state folder; without it, one in memory for this client's life
   */
  readonly browserBinding?: BrowserBinding;
  /**
   * which person each card proved to be (card-bindings.ts: a file in the user's state folder in the
   * app and the CLI); without it, one app run's memory only
   */
  readonly cardBindings?: CardBindings;
}

export interface HelseIdClient {
  /**
   * At app start: discovery, the client key and the authority's keys (JWKS), so the first login
   * neither waits for them nor spends requests on them. Best effort: a failure is logged and the
   * login tries again (and reports it).
   */
  prepare(): Promise<void>;
  login(options?: LoginOptions): Promise<LoggedInUser>;
  user(): LoggedInUser | undefined;
  /** the plain national id number, for binding the person to the card inside main; never to the renderer */
  personId(): string | undefined;
  /** the HPR authorizations (Volven 9060 codes: LE, SP …) HelseID's HPR details name for the person */
  hprAuthorizations(): readonly string[];
  /** the portals' tokens (config `portals`): fetched only while a patient is open, carrying that patient */
  readonly portals: PortalTokens;
  status(): SessionStatus;
  /** resolves when the tokens the last login fetches in the background have arrived or failed */
  tokensSettled(): Promise<void>;
  /** the logged-in user's APIs (machine APIs are in machineApis()) */
  apis(): ApiTokenInfo[];
  /** a user API needs a login; a machine API (client credentials) works whether or not anyone is logged in */
  callApi(name: string, path?: string): Promise<ApiCallResult>;
  /** machine APIs (config `machine: true`): tokens by client credentials, independent of the user session */
  machineApis(): ApiTokenInfo[];
  /** a machine API's token metadata and org claims, fetching a token if needed — never the token */
  machineToken(name: string): Promise<MachineTokenInfo>;
  /** quitting: ends the user session (revoking its refresh token) and drops the machine tokens */
  close(): Promise<void>;
  /** new tokens for every user API carrying the child organization (undefined: none) */
  switchOrganization(orgNumber: string | undefined): Promise<void>;
  /** `language`: of the page the browser shows ("Du er logget ut – du kan lukke fanen") */
  logout(options: { endSessionInBrowser: boolean; language?: PageLanguage }): Promise<void>;
  /**
   * the card left the reader: drop tokens at once, revoke, end the session (in the browser, which
   * holds HelseID's session cookie), force a fresh login next; `language` as for logout
   */
  endSessionForCardRemoval(options?: { language?: PageLanguage }): Promise<void>;
  onEvent(listener: (event: SessionEvent) => void): () => void;
}

export function createHelseIdClient(deps: HelseIdClientDeps): HelseIdClient {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  const log = deps.log ?? (() => {});
  const scheduler = deps.scheduler ?? realScheduler;
  // every authority response re-measures the clock skew; every request has a timeout, and a login's
  // requests also its AbortSignal (cancel stops a slow PAR at once: outgoing-requests.ts)
  const authorityClock = new AuthorityClock();
  const observed = authorityClock.observing(deps.fetch ?? globalThis.fetch, new URL(config.authority.issuer).origin);
  const timeoutMs = deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const fetchImpl = boundedFetch(observed, timeoutMs);
  let loginSignal: AbortSignal | undefined;
  const loginFetch = boundedFetch(observed, timeoutMs, () => loginSignal);
  const discovery = cachedDiscovery(config.authority.issuer, fetchImpl, clock, log);
  // one per app run: the nonce learned at the first PAR serves every later token request (dpop-nonces.ts)
  const nonces = new DpopNonces();
  const binding = deps.browserBinding ?? createBrowserBinding({});
  const ending = createSessionEnding({
    config,
    fetch: fetchImpl,
    openExternal: deps.openExternal,
    scheduler,
    log,
    binding,
  });
  const revokeLater = ending.revokeLater;
  // one per jwks_uri for the app run: keys fetched at app start and on rotation, not per login (id-token-signature.ts)
  let verifier: { uri: string; verifier: IdTokenVerifier } | undefined;
  const verifierFor = (server: { jwks_uri?: string | undefined }): IdTokenVerifier => {
    if (!server.jwks_uri) return noKeysPublished;
    if (verifier?.uri !== server.jwks_uri)
      verifier = { uri: server.jwks_uri, verifier: idTokenVerifier(server.jwks_uri, fetchImpl, log, clock) };
    return verifier.verifier;
  };
  const listeners = new Set<(event: SessionEvent) => void>();
  let clientKey: Promise<ClientKey> | undefined;
  let session: HelseIdSession | undefined;
  let status: SessionStatus = 'logged-out';
  // The last login's page was refused to a browser and no bound browser came: the person's browser
  // has lost the binding (cleared cookies), so the next login hands its page to the first browser.
  let bindingLost = false;
  const cardBindings = deps.cardBindings ?? memoryCardBindings();
  let background: Promise<void> = Promise.resolve();

  const emit = (event: SessionEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log(`session event listener failed: ${(err as Error).name}`);
      }
    }
  };
  const setStatus = (next: SessionStatus) => {
    status = next;
    emit({ type: 'status', status: next });
  };
  const loadKey = (): Promise<ClientKey> => {
    // A key store's key changes when it is renewed: ask it every time (it keeps the imported key).
    if (deps.loadClientKey) return deps.loadClientKey().then((k) => (isClientKey(k) ? k : importClientKey(k)));
    const file = config.client.private_jwk_path;
    if (file === undefined)
      return Promise.reject(
        new AppError('client-key-invalid', { detail: { problem: 'no private_jwk_path and no key store' } }),
      );
    clientKey ??= readClientJwk(file).then((jwk) => importClientKey(jwk, file));
    clientKey.catch(() => (clientKey = undefined));
    return clientKey;
  };
  // Machine tokens share discovery, the client key and the DPoP nonces with logins, nothing else (machine-tokens.ts).
  const machine = createMachineTokens({
    config,
    fetch: fetchImpl,
    clock,
    scheduler,
    log,
    discovery,
    clientKey: loadKey,
    nonces,
    authorityClock,
    onChange: () => emit({ type: 'tokens', apis: apiInfos(session) }),
  });
  const current = (): HelseIdSession => {
    if (session?.store.endReason) throw session.store.endReason; // refresh-token-expired: log in again
    if (!session?.identity) throw new AppError('not-logged-in');
    return session;
  };
  const portals = createPortalTokens(current);
  // a portal's token is the session's business, not an API the window lists
  const apiInfos = (s: HelseIdSession | undefined) =>
    (s?.store.infos() ?? []).filter((i) => !i.name.startsWith('portal:'));
  const currentUser = (): LoggedInUser | undefined => {
    if (!session?.identity || session.store.ended) return undefined;
    const { organization } = session;
    return organization === undefined ? session.identity.user : { ...session.identity.user, organization };
  };
  const onTokensChanged = (s: HelseIdSession) => {
    emit({ type: 'tokens', apis: apiInfos(s) });
    if (s === session && s.store.ended && status === 'logged-in') {
      setStatus('logged-out');
      emit({ type: 'user', user: undefined });
    }
  };

  /**
   * Drops the session from memory now; returns what is needed to revoke and end it remotely. (The
   * next login never rides HelseID's SSO cookie: every login asks for a fresh authentication.)
   */
  const dropSession = () => {
    const dropped = session;
    if (dropped === undefined) return { dropped, refreshToken: undefined };
    session = undefined;
    // the portals end their sessions with the token they hold, taken out of memory here and now
    portals.dropping(dropped);
    const refreshToken = dropped.store.clear();
    setStatus('logged-out');
    emit({ type: 'user', user: undefined });
    return { dropped, refreshToken };
  };

  /**
   * The person is logged in once the code is redeemed and the ID token checked; the other APIs'
   * tokens come in the background (each shows 'fetching' until then), through the store's
   * one-at-a-time line (refresh token rotation). A failure is kept per API ('error') and retried
   * when that API is used; an invalid refresh token ends the session through the store
   * (onTokensChanged). Machine tokens are independent of all this and may be fetched meanwhile.
   */
  const fetchRemainingTokens = (s: HelseIdSession) => {
    const user = userApis(config)
      .slice(1)
      .map((api) =>
        s.store.token(api.name).then(
          () => undefined,
          (err: unknown) => log(`token for ${api.name} not obtained: ${(err as AppError).code ?? 'error'}`),
        ),
      );
    background = Promise.all(user).then(() => undefined);
  };

  return {
    // Never rejects (the app calls it without waiting): a failure is logged and met again, with the
    // person's words, when they log in. The log function's answer is not a value here — Electron's
    // log (process.stderr.write) returns true, which once passed for a discovery result and threw.
    async prepare() {
      try {
        const [discovered] = await Promise.all([discovery(), loadKey()]);
        await verifierFor(discovered.server).prefetch();
      } catch (err) {
        log(`preparing for login failed: ${(err as AppError).code ?? 'error'}`);
      }
    },

    async login(options = {}) {
      const { dropped, refreshToken } = dropSession();
      if (dropped) revokeLater(dropped, refreshToken);
      const signal = options.signal;
      loginSignal = signal;
      setStatus('logging-in');
      const onProgress = (step: Parameters<NonNullable<LoginOptions['onProgress']>>[0]) => {
        options.onProgress?.(step);
        emit({ type: 'progress', step });
      };
      let next: HelseIdSession | undefined;
      let launch: BrowserLaunch | undefined;
      try {
        onProgress('discovery');
        // shared with other callers: a cancel stops waiting for them, not the work itself
        // the key is loaded here so that a missing or expired one fails the login at once; the session
        // gets the getter, so its later refreshes and revocation sign with the key current then
        const [discovered] = await untilAborted(Promise.all([discovery(), loadKey()]), signal);
        next = await createSession(
          {
            config,
            fetch: loginFetch,
            clock,
            scheduler,
            log,
            nonces,
            authorityClock,
            onChange: () => next && onTokensChanged(next),
            onToken: (apiName) => next === session && portals.renewed(apiName),
          },
          discovered,
          loadKey,
        );
        const keys = verifierFor(discovered.server);
        // here since prepare(); fetched now (while PAR and the browser run) only if prepare() failed or they are old
        void keys.prefetch();
        const offer = binding.offer();
        next.browserBinding = offer.pending;
        const firstBrowser = bindingLost || !(await binding.recognises());
        const launchBrowser = async (authorizeUrl: string, timeoutMs: number) =>
          (launch = await launchThroughHandOff({
            binding,
            location: authorizeUrl,
            language: options.language ?? 'nb',
            firstBrowser,
            timeoutMs,
            log,
          }));
        await runLogin(
          {
            config,
            session: next,
            openExternal: deps.openExternal,
            fetch: loginFetch,
            log,
            cardBindings,
            endRefusedInBrowser: (refused) => ending.endInBrowser(refused, options.language ?? 'nb'),
            authorityClock,
            idTokenVerifier: keys,
            ...(deps.cardAuthenticator ? { cardAuthenticator: deps.cardAuthenticator } : {}),
            ...(deps.cardRequestTimeoutMs !== undefined ? { cardRequestTimeoutMs: deps.cardRequestTimeoutMs } : {}),
            ...(deps.authorizeProbe ? { authorizeProbe: deps.authorizeProbe } : {}),
            ...(deps.loginTimeoutMs !== undefined ? { loginTimeoutMs: deps.loginTimeoutMs } : {}),
            bindingCookie: offer.setCookie,
            launchBrowser,
          },
          { ...options, onProgress },
        );
        // the login is accepted: the browser that completed it is the one later hand-offs go to — and,
        // if its login page went to it for the binding it already carried, one known to keep cookies
        await binding
          .accept(offer.pending, { proven: launch?.outcome() === 'bound' })
          .catch(() => log('browser binding: could not be kept'));
        session = next;
        fetchRemainingTokens(next); // first, so the first logged-in view already says 'fetching'
        setStatus('logged-in');
        emit({ type: 'user', user: next.identity!.user });
        log(
          `logged in (security level ${next.identity!.user.securityLevel}, idp ${next.identity!.user.idp ?? 'unknown'})`,
        );
        return next.identity!.user;
      } catch (err) {
        // a login that failed after the code was redeemed must not leave a live refresh token at HelseID
        // (the revocation must not carry the cancelled login's signal)
        if (loginSignal === signal) loginSignal = undefined;
        if (next) revokeLater(next, next.store.clear());
        setStatus('logged-out');
        throw namingTheClient(err, config.client.client_id);
      } finally {
        if (loginSignal === signal) loginSignal = undefined;
        const outcome = launch?.outcome();
        if (outcome === 'refused-only') log('login: the page was refused to a browser without the binding');
        if (outcome !== undefined && outcome !== 'untouched') bindingLost = outcome === 'refused-only';
      }
    },

    user: currentUser,
    personId: () => (session?.store.ended ? undefined : session?.identity?.pid),
    hprAuthorizations: () => (session?.store.ended ? [] : (session?.identity?.hprAuthorizations ?? [])),
    portals,
    status: () => (session?.store.ended ? 'logged-out' : status),
    apis: () => apiInfos(session),
    tokensSettled: () => background,

    async callApi(name, path) {
      const api = config.apis.find((a) => a.name === name);
      if (api?.machine) {
        const response = await machine.call(api, path);
        return {
          status: response.status,
          body: response.body,
          token: machine.infos().find((info) => info.name === name)!,
        };
      }
      const s = current();
      if (!api) throw new AppError('api-unknown', { detail: { api: name } });
      const response = await callProtectedApi(s, api, path);
      const token = s.store.infos().find((info) => info.name === name)!;
      return { status: response.status, body: response.body, token };
    },

    async switchOrganization(orgNumber) {
      const s = current();
      if (orgNumber !== undefined && !config.organizations.some((o) => o.number === orgNumber)) {
        throw new AppError('organization-unknown', { detail: { organization: orgNumber } });
      }
      const previous = s.organization;
      s.organization = orgNumber;
      const attempted: string[] = [];
      try {
        // one after the other (the store serializes anyway); the user sees tokens change as they come
        for (const api of config.apis.filter((a) => !a.machine)) {
          attempted.push(api.name);
          await s.store.refresh(api.name);
        }
      } catch (err) {
        // HelseID refused the unit (or did not answer): the person stays in the unit they had, and
        // every token asked for the new one (the refused one too) is fetched again for the old one
        s.organization = previous;
        for (const name of attempted) await s.store.refresh(name).catch(() => {});
        emit({ type: 'user', user: currentUser() });
        const unit = config.organizations.find((o) => o.number === orgNumber);
        throw unitRefused(err, unit && unit.name !== unit.number ? `${unit.name} (${unit.number})` : orgNumber);
      }
      emit({ type: 'user', user: currentUser() });
    },

    async logout({ endSessionInBrowser, language }) {
      const { dropped, refreshToken } = dropSession();
      if (!dropped) return;
      revokeLater(dropped, refreshToken);
      if (endSessionInBrowser) await ending.endInBrowser(dropped, language ?? 'nb');
      dropped.idToken = undefined;
    },

    async endSessionForCardRemoval(options = {}) {
      const { dropped, refreshToken } = dropSession(); // synchronous: tokens are gone before any await
      if (!dropped) return;
      revokeLater(dropped, refreshToken);
      // HelseID's session lives in the system browser's cookie: a request from here (without that
      // cookie) cannot end it, and every web app on this workstation would go on using the person's
      // HelseID session after the card left. So the browser ends it, as at logout; the request from
      // here is only the fallback when no browser can be opened (prompt=login on the next PAR covers
      // the next login either way).
      ending.endInBrowserAfterWindow(dropped, options.language ?? 'nb');
    },

    machineApis: () => machine.infos(),
    machineToken: (name) => machine.describe(name),

    async close() {
      machine.close();
      const { dropped, refreshToken } = dropSession();
      if (dropped) revokeLater(dropped, refreshToken);
      // quitting: give the revocations their (short) chance before the process goes
      await ending.settled();
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** An authority that publishes no keys: no ID token from it can be verified, so none is accepted. */
const noKeysPublished: IdTokenVerifier = {
  prefetch: () => Promise.resolve(),
  verify: () =>
    Promise.reject(new AppError('id-token-invalid', { detail: { problem: 'the authority publishes no jwks_uri' } })),
};

/** A switch HelseID answered with a refusal is "this unit was not accepted" (the rest: as they are). */
function unitRefused(err: unknown, orgNumber: string | undefined): unknown {
  if (!(err instanceof AppError) || err.code !== 'authority-error') return err;
  return new AppError('unit-refused', {
    detail: { ...err.detail, ...(orgNumber ? { organization: orgNumber } : {}) },
    cause: err,
  });
}
