// Fault knobs for testing a client against a misbehaving authority: per endpoint HTTP errors,
// latency and dropped connections, plus protocol-level faults. Changed at run time through
// `FaultControl.set` (tests) or `--fault` options (cli.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { realNow } from './server-clock.ts';

export const FAULT_ENDPOINTS = [
  'discovery',
  'jwks',
  'par',
  'authorize',
  'authorize-request',
  'token',
  'userinfo',
  'revocation',
  'introspect',
  'endsession',
  'card',
  'availableidps',
  'api',
  'selvbetjening',
  'kjernejournal',
] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

/**
 * `authorize` is every request to /connect/authorize (the browser's and any client's probe without
 * parameters); `authorize-request` only a browser's authorization request itself (one carrying a
 * `request_uri` or `client_id`): the endpoint is up, this one request fails.
 */
export interface EndpointFault {
  /** answer with this HTTP status (a JSON error body) instead of handling the request */
  status?: number;
  /** delay before handling (or before the fault), in ms */
  latencyMs?: number;
  /** destroy the connection without an answer */
  drop?: boolean;
  /** apply to this many requests, then clear (default: until changed) */
  times?: number;
  /** with `status`: a Retry-After header, in seconds (a rate limit, maintenance) */
  retryAfterSeconds?: number;
  /** with `status`: the JSON body's `error` (default server_error for 5xx, invalid_request otherwise;
   * e.g. slow_down or temporarily_unavailable for a rate limit) */
  error?: string;
}

export interface FaultSettings {
  endpoints: Partial<Record<FaultEndpoint, EndpointFault>>;
  /** the next N token requests that carry a valid DPoP nonce are told use_dpop_nonce anyway */
  dpopNonceChallenges: number;
  /** seconds added to the emulated servers' clock: oidc-provider's, the demo APIs', the card back
   * channel's and the Date header (see server-clock.ts); the client process keeps the real clock */
  clockOffsetSeconds: number;
  /** every refresh token presented is treated as unknown (revoked, expired) */
  invalidateRefreshTokens: boolean;
  /** a misbehaving authority: an authorization rides the browser's SSO session whatever prompt=login,
   * max_age or the requested IdP say (HelseID honours them: provider/sso-policy.ts) */
  ignoreFreshLoginRequests: boolean;
  /** a broken identity provider: every login (TestIdP or card) completes as this person (pid),
   * whoever was asked for or proved the card */
  loginAs?: string;
  /** ms added before EVERY authority and demo-API response (a slow network; the login benchmark) */
  latencyMs: number;
  /** scopes the authority withholds at login although the client asked (and may have them): token
   * responses then carry `rejected_scope`, as HelseID's do when a scope is not granted */
  rejectScopes: string[];
  /** issue a refresh token even when offline_access was not granted, as some OIDC servers do */
  refreshTokenWithoutOfflineAccess: boolean;
  /** the demo APIs' answers carry an extra string field `padding` this many characters long (a huge
   * answer: a document, an attachment, a runaway list — what a client must show without choking on) */
  apiAnswerPaddingChars?: number;
  /** a shorter request_uri lifetime than oidc-provider's (and HelseID's) 60 s: the PAR answer's
   * `expires_in` says it, and /connect/authorize refuses the request_uri after it */
  requestUriLifetimeSeconds?: number;
}

export interface FaultControl {
  readonly settings: Readonly<FaultSettings>;
  set(changes: Partial<FaultSettings>): void;
  reset(): void;
}

function defaults(): FaultSettings {
  return {
    endpoints: {},
    dpopNonceChallenges: 0,
    clockOffsetSeconds: 0,
    invalidateRefreshTokens: false,
    ignoreFreshLoginRequests: false,
    latencyMs: 0,
    refreshTokenWithoutOfflineAccess: false,
    rejectScopes: [],
  };
}

export class Faults implements FaultControl {
  #settings: FaultSettings = defaults();

  constructor(initial: Partial<FaultSettings> = {}) {
    this.set(initial);
  }

  get settings(): Readonly<FaultSettings> {
    return this.#settings;
  }

  set(changes: Partial<FaultSettings>): void {
    // copies: `times` counts down on our copy, never on the caller's object
    const endpoints = Object.fromEntries(Object.entries(changes.endpoints ?? {}).map(([k, v]) => [k, { ...v }]));
    this.#settings = { ...this.#settings, ...changes, endpoints: { ...this.#settings.endpoints, ...endpoints } };
  }

  reset(): void {
    this.#settings = defaults();
  }

  /** the servers' time in epoch ms; from the real clock, so it is right inside onServerClock too */
  now(): number {
    return realNow() + this.offsetMs();
  }

  offsetMs(): number {
    return this.#settings.clockOffsetSeconds * 1000;
  }

  /** Waits the global latency (`latencyMs`), if any: every authority and demo-API request. */
  async delay(): Promise<void> {
    const ms = this.#settings.latencyMs;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }

  /** Takes one of the forced use_dpop_nonce answers, if any are left. */
  takeNonceChallenge(): boolean {
    if (this.#settings.dpopNonceChallenges <= 0) return false;
    this.#settings.dpopNonceChallenges -= 1;
    return true;
  }

  /** Applies the endpoint's fault; true when the request was answered (or dropped) by it. */
  async apply(endpoint: FaultEndpoint, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const fault = this.#settings.endpoints[endpoint];
    if (!fault) return false;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) delete this.#settings.endpoints[endpoint];
    }
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault.drop) {
      req.socket.destroy();
      return true;
    }
    if (fault.status) {
      res.writeHead(fault.status, {
        'Content-Type': 'application/json',
        ...(fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {}),
      });
      res.end(
        JSON.stringify({
          error: fault.error ?? (fault.status >= 500 ? 'server_error' : 'invalid_request'),
          error_description: `injected fault at ${endpoint}`,
        }),
      );
      return true;
    }
    return false;
  }
}
