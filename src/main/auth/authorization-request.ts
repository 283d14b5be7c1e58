// The parameters of the pushed authorization request. Every user API — and every portal the card
// session can be handed to (config `portals`) — is a separate `resource` (repeated parameter: a
// space-joined value is refused), its scopes join the identity scopes.
import type { ApiConfig, HelseIdConfig } from '../config/config-schema.ts';

export const IDENTITY_SCOPES = [
  'openid',
  'profile',
  'offline_access',
  'helseid://scopes/identity/pid',
  'helseid://scopes/identity/security_level',
  'helseid://scopes/hpr/hpr_number',
] as const;

export type CardIssuer = 'buypass' | 'commfides';

export interface AuthorizationRequestInput {
  readonly config: HelseIdConfig;
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  readonly cardIssuer?: CardIssuer;
  /** TestIdP (test and embedded authorities only) */
  readonly testPid?: string;
  readonly testSecurityLevel?: string;
}

export function userApis(config: HelseIdConfig): ApiConfig[] {
  return config.apis.filter((api) => !api.machine);
}

/** The token store's name for a portal's token (never an API name: those have no colon). */
export const portalTokenName = (portal: string) => `portal:${portal}`;

/**
 * A portal's token as the token store holds it: same refresh token as the APIs, but fetched only
 * when a patient is opened, and each request's client assertion carries that patient
 * (src/main/portals). Not an API the window lists or calls.
 */
export function portalApis(config: HelseIdConfig): ApiConfig[] {
  const kj = config.portals?.kjernejournal;
  if (kj === undefined) return [];
  return [
    {
      name: portalTokenName('kjernejournal'),
      resource: kj.resource,
      scopes: [...kj.scopes],
      base_url: kj.innlogging_url,
      tillitsrammeverk: false,
      machine: false,
    },
  ];
}

export const isPortalToken = (api: ApiConfig) => api.name.startsWith('portal:');

/** Every resource a login's refresh token serves: the user APIs, then the portals. */
export function tokenApis(config: HelseIdConfig): ApiConfig[] {
  return [...userApis(config), ...portalApis(config)];
}

/**
 * Login only (no user APIs, no portal): no `resource` and no offline_access. The app needs the ID
 * token and nothing else, so it asks for no refresh token it would then have to guard and revoke.
 */
export function isLoginOnly(config: HelseIdConfig): boolean {
  return tokenApis(config).length === 0;
}

export function authorizationRequestParameters(input: AuthorizationRequestInput): URLSearchParams {
  const apis = tokenApis(input.config);
  const identityScopes = isLoginOnly(input.config)
    ? IDENTITY_SCOPES.filter((s) => s !== 'offline_access')
    : IDENTITY_SCOPES;
  const params = new URLSearchParams({
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: [...identityScopes, ...new Set(apis.flatMap((api) => api.scopes))].join(' '),
    state: input.state,
    nonce: input.nonce,
    code_challenge: input.codeChallenge,
    code_challenge_method: 'S256',
    acr_values: input.cardIssuer ? input.config.acr_values[input.cardIssuer] : input.config.acr_values.test,
  });
  for (const api of apis) params.append('resource', api.resource);
  // Every login asks for a fresh authentication: HelseID's SSO session lives in the system browser's
  // cookie, and without these an authorization rides it — whoever logged in last in that browser
  // comes back (after an expiry, a quit, a crash). prompt=login is what NHN documents; max_age=0 says
  // the same (OpenID Connect Core §3.1.2.1; IdentityServer treats them alike) and makes auth_time
  // REQUIRED in the ID token, which login-acceptance.ts checks.
  params.set('prompt', 'login');
  params.set('max_age', '0');
  if (!input.cardIssuer && input.testPid !== undefined) {
    params.set('test_pid', input.testPid);
    params.set('test_security_level', input.testSecurityLevel ?? '4');
  }
  return params;
}

/**
 * The `idp` claim a login through this IdP must come back with: configured (expected_idp), or the
 * `idp:` value of its acr_values (IdentityServer's scheme name, its session's idp). Undefined when
 * acr_values names no IdP (then it is not checked).
 */
export function expectedIdp(config: HelseIdConfig, cardIssuer: CardIssuer | undefined): string | undefined {
  const which = cardIssuer ?? 'test';
  const configured = config.expected_idp[which];
  if (configured !== undefined) return configured;
  const value = config.acr_values[which].split(' ').find((v) => v.startsWith('idp:'));
  return value?.slice('idp:'.length);
}
