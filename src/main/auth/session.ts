// Everything that belongs to ONE login: the openid-client configuration (with the clock skew measured
// at its start), the DPoP key and handle, the token store, and who logged in. A new login builds a
// new session; logout and card removal drop it.
import type { PendingBinding } from './browser-binding.ts';
import * as oidc from 'openid-client';
import type { HelseIdConfig } from '../config/config-schema.ts';
import { isPortalToken, tokenApis } from './authorization-request.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { createDpopSession, type DpopSession } from '../dpop/dpop-session.ts';
import type { DpopNonces } from '../dpop/dpop-nonces.ts';
import { assertionClaimsFor } from './assertion-details.ts';
import type { AuthorityClock } from './authority-clock.ts';
import { withAuthorityRetry } from './authority-retry.ts';
import { helseIdClientAuth, type ClientKeySource } from './client-auth.ts';
import type { Discovered } from './discovery.ts';
import { clientConfiguration } from './client-configuration.ts';
import { checkIdTokenTimes, LIBRARY_CLOCK_TOLERANCE } from './id-token-times.ts';
import { toAuthError } from './map-auth-error.ts';
import { untilAborted } from './outgoing-requests.ts';
import type { Scheduler } from './scheduler.ts';
import { TokenStore } from './token-store.ts';
import type { UserIdentity } from './user-claims.ts';

export interface SessionDeps {
  readonly config: HelseIdConfig;
  readonly fetch: typeof fetch;
  readonly clock: () => number;
  readonly scheduler: Scheduler;
  readonly log: (line: string) => void;
  readonly onChange: () => void;
  /** the app run's DPoP nonces, shared by logins, refreshes and machine tokens */
  readonly nonces?: DpopNonces;
  /** the skew measured from every authority response; assertions and proofs are signed on it */
  readonly authorityClock?: AuthorityClock;
  /** a portal's token has been renewed (the portal's session must hear of it) */
  readonly onToken?: (apiName: string) => void;
}

/** Revocation happens in the background after logout or card removal; nobody waits longer than this. */
export const REVOCATION_TIMEOUT_MS = 5_000;

export interface HelseIdSession {
  readonly oidc: oidc.Configuration;
  readonly clientAuth: oidc.ClientAuth;
  /** the client metadata with the session's clock skew, for assertions openid-client does not send */
  readonly clientMetadata: oidc.ClientMetadata;
  readonly dpop: DpopSession;
  readonly store: TokenStore;
  identity: UserIdentity | undefined;
  /** kept for id_token_hint at end session; never leaves main */
  idToken: string | undefined;
  /** the child organization number sent in token requests' client assertions */
  organization: string | undefined;
  /** the browser binding this session's login offered (browser-binding.ts): its browser may end it */
  browserBinding?: PendingBinding;
  /**
   * per resource, the structured claims its token requests carry now (a portal's open patient);
   * a portal's token is never requested without one
   */
  readonly resourceDetails: Map<string, object>;
}

/**
 * `clientKey`: pass the key store's getter, not a key — the session outlives key renewals, and its
 * refreshes, revocation and card back channel must sign with the key that is current at the time.
 */
export async function createSession(
  deps: SessionDeps,
  discovered: Discovered,
  clientKey: ClientKeySource,
): Promise<HelseIdSession> {
  const { config } = deps;
  // Assertion claims read the session's organization at signing time, so a unit switch applies to
  // the very next token request.
  const built: { session?: HelseIdSession } = {};
  const clock = deps.authorityClock;
  const authorityNow = clock ? () => clock.nowSeconds() : undefined;
  const resourceDetails = new Map<string, object>();
  const clientAuth = helseIdClientAuth(
    clientKey,
    assertionClaimsFor(
      config,
      () => built.session?.organization,
      (resource) => resourceDetails.get(resource),
    ),
    authorityNow,
  );
  const skew = clock?.skewSeconds ?? discovered.clockSkewSeconds;
  // openid-client's skew is frozen here for the session's life; its ID-token time check is widened
  // and ours (id-token-times.ts) decides, on the skew measured from the response that carried the token
  const clientMetadata: oidc.ClientMetadata = {
    client_id: config.client.client_id,
    [oidc.clockSkew]: skew,
    ...(clock ? { [oidc.clockTolerance]: LIBRARY_CLOCK_TOLERANCE } : {}),
  };
  const configuration = clientConfiguration(config, discovered, clientMetadata, clientAuth, deps.fetch);
  const dpop = await createDpopSession(configuration, deps.nonces, authorityNow);
  /** a refresh token nobody will hold (the session ended meanwhile, or its answer was refused) */
  const revokeOrphan = (refreshToken: string) => {
    oidc
      .tokenRevocation(configuration, refreshToken, { token_type_hint: 'refresh_token' })
      .catch((err: unknown) =>
        deps.log(`revoking a refresh token nobody holds failed: ${toAuthError(err, 'revocation').code}`),
      );
  };
  const store = new TokenStore({
    // user APIs and portals: machine APIs have their own tokens, DPoP key and life (machine-tokens.ts)
    apis: tokenApis(config),
    clock: deps.clock,
    scheduler: deps.scheduler,
    refreshMarginMs: config.refresh_margin_seconds * 1000,
    onChange: deps.onChange,
    log: deps.log,
    ...(deps.onToken ? { onToken: deps.onToken } : {}),
    orphaned: revokeOrphan,
    request: async (api, refreshToken) => {
      // a portal's token always names the patient it is for: without one there is nothing to ask for
      if (isPortalToken(api) && !resourceDetails.has(api.resource))
        throw new AppError('portal-session-ended', { detail: { problem: 'no patient is open in the portal' } });
      let answer: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
      try {
        // one resource per request: the access token gets that API as its only audience
        answer = await withAuthorityRetry(
          'refresh',
          () =>
            oidc.refreshTokenGrant(
              configuration,
              refreshToken ?? '',
              { resource: api.resource },
              { DPoP: dpop.handle },
            ),
          { log: deps.log, ...(clock ? { clock } : {}) },
        );
      } catch (err) {
        throw toAuthError(err, 'refresh', clock?.skewSeconds);
      }
      const claims = answer.claims();
      if (clock && claims) {
        try {
          checkIdTokenTimes(claims, clock.nowSeconds(), clock.measured);
        } catch (err) {
          // the refresh token has rotated: the new one must not outlive the refusal at the authority
          if (answer.refresh_token) revokeOrphan(answer.refresh_token);
          throw err;
        }
      }
      return answer;
    },
  });
  built.session = {
    oidc: configuration,
    clientAuth,
    clientMetadata,
    dpop,
    store,
    identity: undefined,
    idToken: undefined,
    organization: undefined,
    resourceDetails,
  };
  return built.session;
}

/**
 * Revokes the refresh token (best effort: the tokens are already gone from memory). Gives up waiting
 * after REVOCATION_TIMEOUT_MS: a hanging revocation endpoint must not hold up a logout.
 */
export async function revokeRefreshToken(
  session: HelseIdSession,
  refreshToken: string | undefined,
  log: (line: string) => void,
): Promise<boolean> {
  if (refreshToken === undefined || session.oidc.serverMetadata().revocation_endpoint === undefined) return false;
  try {
    await untilAborted(
      oidc.tokenRevocation(session.oidc, refreshToken, { token_type_hint: 'refresh_token' }),
      AbortSignal.timeout(REVOCATION_TIMEOUT_MS),
    );
    return true;
  } catch (err) {
    log(`refresh token revocation failed: ${toAuthError(err, 'revocation').code}`);
    return false;
  }
}
