// Plain data about a HelseID session that may cross to the renderer.
// Nothing here holds a token, a code, a key or a national id number in clear: the person's number
// appears only masked (first six digits, the rest '*'), as the view schema in ipc/ insists.

/** Steps of one login, in order, for a progress indicator. */
export type LoginStep =
  | 'discovery'
  | 'pushed-authorization-request'
  | 'browser-opened'
  | 'waiting-for-card'
  | 'card-signing'
  | 'waiting-for-callback'
  | 'redeeming-code'
  | 'fetching-api-tokens'
  | 'done';

export interface UserView {
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly hprNumber?: string;
  /** helseid://claims/identity/security_level, "4" for every accepted login */
  readonly securityLevel: string;
  /** like '138270*****' */
  readonly pidMasked: string;
  readonly idp?: string;
  /** the child organization number the tokens currently carry, if one was chosen */
  readonly organization?: string;
}

/**
 * Same states as the renderer's apiViewSchema.
 * - none: no token and none asked for (the API is used on demand)
 * - fetching: no token yet, one is on its way (after login the other APIs' tokens arrive in the
 *   background): the window says "Henter tilgang …" / "Getting access …"
 * - valid: a token is there; refreshing: it is being replaced (still usable meanwhile)
 * - expired: the token ran out (or the session ended)
 * - error: the last attempt failed (errorCode says why); using the API tries again
 */
export type ApiTokenState = 'none' | 'fetching' | 'valid' | 'refreshing' | 'expired' | 'error';

/** What the app may know about one API's access token — never the token itself. */
export interface ApiTokenInfo {
  readonly name: string;
  /** the resource indicator the token was issued for (its only audience) */
  readonly audience: string;
  readonly scopes: readonly string[];
  /** scopes HelseID did not grant although they were asked for (its `rejected_scope`), if any */
  readonly rejectedScopes?: readonly string[];
  /** epoch milliseconds */
  readonly expiresAt?: number;
  readonly state: ApiTokenState;
  /** error code of the last failed refresh, when state is 'error' */
  readonly errorCode?: string;
  /** the authority's OAuth error code for it (invalid_scope, …), when it said one */
  readonly errorReason?: string;
}

/**
 * A machine API's token (client credentials) as the app may show it: the token's metadata and the
 * client and organization claims it carries — never the token. The organization is what the client
 * asserted; APIs must not base access decisions on the child organization.
 */
export interface MachineTokenInfo extends ApiTokenInfo {
  readonly clientId?: string;
  readonly organization: {
    readonly parent?: string;
    readonly child?: string;
    readonly tenancy?: string;
  };
}

export interface ApiCallResult {
  readonly status: number;
  /** parsed JSON when the API answered JSON, otherwise the text (truncated) */
  readonly body: unknown;
  readonly token: ApiTokenInfo;
}

export type SessionStatus = 'logged-out' | 'logging-in' | 'logged-in' | 'locked';

/** What the session's change events carry. */
export type SessionEvent =
  | { readonly type: 'status'; readonly status: SessionStatus }
  | { readonly type: 'progress'; readonly step: LoginStep }
  | { readonly type: 'tokens'; readonly apis: readonly ApiTokenInfo[] }
  | { readonly type: 'user'; readonly user: UserView | undefined };
