// The oidc-provider configuration that makes it behave like HelseID: its endpoint paths, PAR +
// PKCE S256 + private_key_jwt only, DPoP with nonces, JWT access tokens per resource, HelseID
// claim names, and interactions handled by the emulated identity providers.
import { escapeHtml } from '../http/escape-html.ts';
import Provider, { type KoaContextWithOIDC, type InteractionLike, type OidcTokenLike } from 'oidc-provider';
import type { JWK } from 'jose';
import { CLAIM, LIFETIMES, USER_SCOPES } from '../settings.ts';
import { helseIdAssertionHook } from './client-assertion.ts';
import { makeFindAccount, type LoginRecords } from './accounts.ts';
import { clientCredentialsDefaultResource, getResourceServerInfo, useGrantedResource } from './resources.ts';
import { extraTokenClaims, helseIdJwtCustomizer, type ClaimSource } from './token-claims.ts';
import type { ParRegistry } from './par-registry.ts';
import { rotateAfterPrechecks } from './refresh-precheck.ts';
import type { RuleSettings } from '../rules.ts';
import { logoutSource, postLogoutSuccessSource } from '../interactions/end-session-pages.ts';
import { helseIdInteractionPolicy, type SsoPolicyOptions } from './sso-policy.ts';

export const ROUTES = {
  authorization: '/connect/authorize',
  pushed_authorization_request: '/connect/par',
  token: '/connect/token',
  userinfo: '/connect/userinfo',
  end_session: '/connect/endsession',
  revocation: '/connect/revocation',
  introspection: '/connect/introspect',
  jwks: '/.well-known/openid-configuration/jwks',
} as const;

const JWS_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

export interface ProviderOptions {
  issuer: string;
  signingJwks: { keys: JWK[] };
  nonceSecret: Buffer;
  cookieKey: string;
  clients: Record<string, unknown>[];
  logins: LoginRecords;
  pars: ParRegistry;
  claimSources: ClaimSource[];
  discoveryExtras: Record<string, unknown>;
  requireDpopNonce: () => boolean;
  /** the strictness knobs (rules.ts), read at every request */
  rules: () => RuleSettings;
  /** the issuer's path ('' for a bare origin): the emulator's own pages live under it too */
  issuerPath: string;
  /** the refreshTokenWithoutOfflineAccess fault: a refresh token whatever the scope (as some OIDC servers do) */
  refreshTokenWithoutOfflineAccess?: () => boolean;
  /** more client-authentication rules, after HelseID's (Selvbetjening clients: expired keys) */
  /** `route`: oidc-provider's name of the endpoint (token, revocation, pushed_authorization_request, …) */
  clientKeyCheck?: (
    assertion: string | undefined,
    header: Record<string, unknown>,
    clientId: string,
    route?: string,
  ) => Promise<void>;
  /** the scopes a client may get at a resource; undefined = all of the resource's (Selvbetjening clients: approved ones) */
  resourceScopes?: (clientId: string, resource: string, resourceScopes: string[]) => string[] | undefined;
  /** when an authorization rides the SSO session and when the person logs in again (sso-policy.ts) */
  sso: SsoPolicyOptions;
}

function offlineFor(logins: LoginRecords, source: OidcTokenLike & { scopes?: Set<string> }): boolean {
  return !!source.scopes?.has('offline_access') || !!logins.get(source.grantId)?.offlineAccess;
}

export function createProvider(o: ProviderOptions): Provider {
  const configuration = {
    clients: o.clients,
    jwks: o.signingJwks,
    cookies: { keys: [o.cookieKey] },
    routes: ROUTES,
    responseTypes: ['code'],
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: {
      clientAuthSigningAlgValues: JWS_ALGS,
      dPoPSigningAlgValues: JWS_ALGS,
      requestObjectSigningAlgValues: JWS_ALGS,
      idTokenSigningAlgValues: ['RS256'],
    },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'profile', ...Object.values(USER_SCOPES)],
    claims: {
      openid: ['sub', 'idp', 'amr'],
      profile: ['name', 'given_name', 'middle_name', 'family_name'],
      [USER_SCOPES.pid]: [CLAIM.pid],
      [USER_SCOPES.securityLevel]: [CLAIM.securityLevel],
      [USER_SCOPES.hprNumber]: [CLAIM.hprNumber, CLAIM.hprDetails],
      [USER_SCOPES.assuranceLevel]: [CLAIM.assuranceLevel],
      [USER_SCOPES.network]: [CLAIM.network],
      sid: null,
      auth_time: null,
      acr: null,
    },
    // HelseID puts the identity claims in the ID token even when an access token is issued.
    conformIdTokenClaims: false,
    findAccount: makeFindAccount(o.logins),
    assertJwtClientAuthClaimsAndHeader: withKeyCheck(
      helseIdAssertionHook({ issuer: o.issuer, tokenEndpoint: `${o.issuer}${ROUTES.token}` }, o.rules),
      o.clientKeyCheck,
    ),
    // TestIdP's parameters; test_hpr_number is the emulator's own (see interactions/test-idp.ts)
    extraParams: ['test_pid', 'test_security_level', 'test_hpr_number'],
    discovery: o.discoveryExtras,
    features: {
      devInteractions: { enabled: false },
      // HelseID's discovery says require_pushed_authorization_requests: false and enforces PAR per
      // client (clients.ts): a client must not read the flag as "PAR optional"
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      dPoP: { enabled: true, nonceSecret: o.nonceSecret, requireNonce: o.requireDpopNonce },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: restrictedResourceInfo(o.resourceScopes),
        useGrantedResource,
        defaultResource: clientCredentialsDefaultResource,
      },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async () => true },
      revocation: { enabled: true, allowedPolicy: async () => true },
      // nb/en pages like HelseID's; no question when id_token_hint is given (end-session-pages.ts)
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      userinfo: { enabled: true },
    },
    extraTokenClaims: extraTokenClaims(o.claimSources),
    formats: { customizers: { jwt: helseIdJwtCustomizer } },
    // HelseID always rotates refresh tokens, once the request passed every check (refresh-precheck.ts).
    rotateRefreshToken: rotateAfterPrechecks(o.logins),
    issueRefreshToken: async (
      _ctx: KoaContextWithOIDC,
      client: { grantTypeAllowed(t: string): boolean },
      source: OidcTokenLike,
    ) =>
      client.grantTypeAllowed('refresh_token') &&
      (offlineFor(o.logins, source) || !!o.refreshTokenWithoutOfflineAccess?.()),
    expiresWithSession: async (_ctx: KoaContextWithOIDC, source: OidcTokenLike) => !offlineFor(o.logins, source),
    ttl: {
      AccessToken: LIFETIMES.accessToken,
      ClientCredentials: LIFETIMES.accessToken,
      AuthorizationCode: LIFETIMES.code,
      IdToken: LIFETIMES.idToken,
      RefreshToken: LIFETIMES.refreshToken,
      Interaction: LIFETIMES.interaction,
      Session: LIFETIMES.session,
      Grant: LIFETIMES.refreshToken,
    },
    interactions: {
      policy: helseIdInteractionPolicy(o.sso),
      url: async (ctx: KoaContextWithOIDC, interaction: InteractionLike) => {
        const requestUri = ctx.query.request_uri;
        if (typeof requestUri === 'string') o.pars.attachInteraction(requestUri, interaction.uid);
        return `${o.issuerPath}/interaction/${interaction.uid}`;
      },
    },
    // oidc-provider would otherwise send an authorize error it cannot tie to a request (an expired
    // or unknown request_uri) to a client's only registered redirect URI — for a native client that
    // is http://127.0.0.1/callback, port 80, whoever listens there. HelseID shows its error page.
    allowOmittingSingleRegisteredRedirectUri: false,
    renderError: async (ctx: KoaContextWithOIDC, out: Record<string, string>) => {
      ctx.set('Content-Type', 'text/html; charset=utf-8');
      ctx.body = `<!doctype html><meta charset="utf-8"><title>HelseID (embedded): error</title><h1>${escapeHtml(out.error ?? 'error')}</h1><p>${escapeHtml(out.error_description ?? '')}</p>`;
    },
  };
  return new Provider(o.issuer, configuration);
}

type AssertionHook = (
  ctx: KoaContextWithOIDC,
  claims: Record<string, unknown>,
  header: Record<string, unknown>,
  client: { clientId: string },
) => Promise<void>;

function withKeyCheck(hook: AssertionHook, keyCheck: ProviderOptions['clientKeyCheck']): AssertionHook {
  if (!keyCheck) return hook;
  return async (ctx, claims, header, client) => {
    await hook(ctx, claims, header, client);
    const assertion = ctx.oidc.params?.client_assertion;
    await keyCheck(typeof assertion === 'string' ? assertion : undefined, header, client.clientId, ctx.oidc.route);
  };
}

function restrictedResourceInfo(scopesFor: ProviderOptions['resourceScopes']) {
  return async (ctx: KoaContextWithOIDC, resource: string, client?: { clientId: string }) => {
    const info = await getResourceServerInfo(ctx, resource);
    const allowed = client && scopesFor?.(client.clientId, resource, info.scope.split(' '));
    return allowed ? { ...info, scope: allowed.join(' ') } : info;
  };
}
