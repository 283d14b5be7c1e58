// One refresh token and one access token per API, in memory only.
// - Token requests run one at a time: HelseID rotates the refresh token on every use, so two
//   concurrent refreshes would race and one would present an already-used token.
// - Concurrent callers wanting the same API share one in-flight request.
// - Each access token is refreshed proactively shortly before it expires, within the bounds of
//   refresh-policy.ts (a floor between requests, the margin capped to a share of the lifetime,
//   backoff after failures, a per-minute cap), whatever the configuration and expires_in; and never
//   before the authority's Retry-After (bounded: rate-limit.ts).
// - An invalid refresh token ends the store: every later call fails with refresh-token-expired.
import type { TokenEndpointResponse } from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { ApiTokenInfo, ApiTokenState } from '../../shared/session-types.ts';
import type { ApiConfig } from '../config/config-schema.ts';
import { effectiveMarginMs, plannedLifetimeSeconds, RequestHistory } from './refresh-policy.ts';
import type { Scheduler } from './scheduler.ts';

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout fires at once beyond this

export interface ApiToken {
  readonly accessToken: string;
  /** epoch ms */
  readonly expiresAt: number;
  readonly scopes: readonly string[];
  /** HelseID's `rejected_scope`: asked for, not granted */
  readonly rejectedScopes?: readonly string[];
}

/** Performs the grant for one API (refresh token grant, or client credentials for machine APIs). */
export type TokenRequest = (api: ApiConfig, refreshToken: string | undefined) => Promise<TokenEndpointResponse>;

export interface TokenStoreOptions {
  readonly apis: readonly ApiConfig[];
  readonly request: TokenRequest;
  readonly clock: () => number;
  readonly scheduler: Scheduler;
  readonly refreshMarginMs: number;
  readonly onChange: () => void;
  readonly log: (line: string) => void;
  /**
   * A refresh answered after the store was cleared (logout or card removal while a background token
   * was on its way) carries a new refresh token nobody holds: it must be revoked, not just dropped.
   */
  readonly orphaned?: (refreshToken: string) => void;
  /** a token this store requested has arrived (a refresh, proactive or asked for; not an accepted one) */
  readonly onToken?: (apiName: string) => void;
}

export class TokenStore {
  readonly #o: TokenStoreOptions;
  readonly #tokens = new Map<string, ApiToken>();
  readonly #inflight = new Map<string, Promise<ApiToken>>();
  readonly #errors = new Map<string, string>();
  /** the authority's OAuth error for the last failed request (invalid_scope: access not approved yet) */
  readonly #errorReasons = new Map<string, string>();
  readonly #timers = new Map<string, unknown>();
  /** epoch ms at which each API's current token is due for a proactive refresh */
  readonly #refreshAt = new Map<string, number>();
  readonly #history = new Map<string, RequestHistory>();
  /** bumped by forget(): a request that started before answers into the void (its refresh token is kept) */
  readonly #generations = new Map<string, number>();
  #refreshToken: string | undefined;
  #refreshExpiresAt: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #ended: AppError | undefined;

  constructor(options: TokenStoreOptions) {
    this.#o = options;
  }

  /** Stores a token response obtained elsewhere (the code redemption) for `apiName`. */
  accept(apiName: string, response: TokenEndpointResponse): ApiToken {
    const api = this.#api(apiName);
    this.#historyOf(api.name).record(this.#o.clock()); // it was a token request too: the floor counts from it
    return this.#store(api, response);
  }

  /**
   * Keeps only the refresh token of a response (a code redeemed for a portal's resource: its access
   * token names no patient, so it is not one the portal may use).
   */
  acceptRefreshToken(response: TokenEndpointResponse): void {
    this.#keepRefreshToken(response);
  }

  /**
   * Drops one API's token and stops refreshing it (a portal's patient was closed): nothing carrying
   * that patient is used or renewed any more. A request already on its way answers into the void,
   * except for its rotated refresh token.
   */
  forget(apiName: string): void {
    this.#generations.set(apiName, (this.#generations.get(apiName) ?? 0) + 1);
    this.#tokens.delete(apiName);
    this.#refreshAt.delete(apiName);
    this.#errors.delete(apiName);
    this.#errorReasons.delete(apiName);
    this.#inflight.delete(apiName);
    const timer = this.#timers.get(apiName);
    if (timer !== undefined) this.#o.scheduler.clearTimeout(timer);
    this.#timers.delete(apiName);
    this.#o.onChange();
  }

  /**
   * A token valid for at least the (capped) margin, fetched if needed. A token still valid but due
   * for refresh is returned as it is while the floor or the backoff says "not yet".
   */
  async token(apiName: string): Promise<ApiToken> {
    const current = this.#tokens.get(apiName);
    const now = this.#o.clock();
    if (current) {
      if ((this.#refreshAt.get(apiName) ?? -Infinity) > now) return current;
      if (current.expiresAt > now && now < this.#historyOf(apiName).earliestNext()) return current;
    }
    return this.refresh(apiName);
  }

  /** A new token for `apiName`, even if the current one is still valid (unit switch, proactive refresh). */
  refresh(apiName: string): Promise<ApiToken> {
    const api = this.#api(apiName);
    const running = this.#inflight.get(apiName);
    if (running) return running;
    const history = this.#historyOf(api.name);
    const now = this.#o.clock();
    if (now < history.notBefore) {
      // the authority asked us to wait (Retry-After): asking again before then only prolongs it
      const seconds = Math.ceil((history.notBefore - now) / 1000);
      return Promise.reject(
        new AppError('authority-busy', {
          retriable: true,
          detail: { operation: 'refresh', retryAfterSeconds: seconds, problem: 'waiting as the authority asked' },
        }),
      );
    }
    if (!history.mayRequest(now)) {
      this.#o.log(`token requests for ${api.name} rate-limited`);
      return Promise.reject(
        new AppError('authority-error', {
          retriable: true,
          detail: { operation: 'refresh', problem: 'too many token requests for this API in the last minute' },
        }),
      );
    }
    const next: Promise<ApiToken> = this.#serial(() => this.#fetch(api)).finally(() => {
      // forget() may have replaced this request with a newer one meanwhile
      if (this.#inflight.get(apiName) === next) this.#inflight.delete(apiName);
      this.#o.onChange();
    });
    this.#inflight.set(apiName, next);
    this.#o.onChange();
    return next;
  }

  infos(): ApiTokenInfo[] {
    return this.#o.apis.map((api) => {
      const token = this.#tokens.get(api.name);
      const error = this.#errors.get(api.name);
      // 'fetching': no token yet and one is on its way (queued behind the others, or in flight)
      const state: ApiTokenState = this.#inflight.has(api.name)
        ? token
          ? 'refreshing'
          : 'fetching'
        : this.#ended
          ? 'expired'
          : error
            ? 'error'
            : !token
              ? 'none'
              : token.expiresAt > this.#o.clock()
                ? 'valid'
                : 'expired';
      return {
        name: api.name,
        audience: api.resource,
        scopes: [...(token?.scopes ?? api.scopes)],
        ...(token?.rejectedScopes?.length ? { rejectedScopes: [...token.rejectedScopes] } : {}),
        ...(token ? { expiresAt: token.expiresAt } : {}),
        state,
        ...(state === 'error' && error ? { errorCode: error } : {}),
        ...(state === 'error' && this.#errorReasons.has(api.name)
          ? { errorReason: this.#errorReasons.get(api.name)! }
          : {}),
      };
    });
  }

  /** The API (or portal) this store keeps a token for under `name`, if any. */
  api(name: string): ApiConfig | undefined {
    return this.#o.apis.find((a) => a.name === name);
  }

  /** The tokens held now and still valid (a portal's last request before the store is cleared). */
  heldTokens(): [string, ApiToken][] {
    const now = this.#o.clock();
    return [...this.#tokens].filter(([, token]) => token.expiresAt > now);
  }

  /** Drops everything from memory at once and hands back the refresh token (for revocation). */
  clear(reason: AppError = new AppError('not-logged-in')): string | undefined {
    const refreshToken = this.#refreshToken;
    this.#ended = reason;
    this.#refreshToken = undefined;
    this.#tokens.clear();
    this.#refreshAt.clear();
    for (const timer of this.#timers.values()) this.#o.scheduler.clearTimeout(timer);
    this.#timers.clear();
    this.#o.onChange();
    return refreshToken;
  }

  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /** Why the store ended (refresh-token-expired, or not-logged-in after a logout). */
  get endReason(): AppError | undefined {
    return this.#ended;
  }

  /** Runs another token-endpoint request (token exchange) in the same one-at-a-time line. */
  serial<T>(task: () => Promise<T>): Promise<T> {
    return this.#serial(task);
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #fetch(api: ApiConfig): Promise<ApiToken> {
    if (this.#ended) throw this.#ended;
    if (!api.machine && this.#refreshExpiresAt !== undefined && this.#refreshExpiresAt <= this.#o.clock()) {
      throw this.#end(new AppError('refresh-token-expired', { detail: { reason: 'rt_expires_in passed' } }));
    }
    if (!api.machine && this.#refreshToken === undefined) throw new AppError('not-logged-in');
    const history = this.#historyOf(api.name);
    history.record(this.#o.clock());
    const generation = this.#generations.get(api.name) ?? 0;
    try {
      const response = await this.#o.request(api, api.machine ? undefined : this.#refreshToken);
      if (this.#ended) {
        // cleared while the request ran: do not resurrect tokens, and revoke the rotated refresh token
        if (!api.machine && response.refresh_token !== undefined) this.#o.orphaned?.(response.refresh_token);
        throw this.#ended;
      }
      if (generation !== (this.#generations.get(api.name) ?? 0)) {
        // forgotten while the request ran: the rotated refresh token is the session's; the token is nobody's
        this.#keepRefreshToken(response);
        throw new AppError('portal-session-ended', { detail: { problem: 'the token was no longer wanted' } });
      }
      this.#errors.delete(api.name);
      history.failures = 0;
      const token = this.#store(api, response);
      this.#o.onToken?.(api.name);
      return token;
    } catch (err) {
      if (err instanceof AppError && err.code === 'refresh-token-expired') throw this.#end(err);
      // forgotten meanwhile: not this API's failure (no error shown, no backoff)
      if (generation !== (this.#generations.get(api.name) ?? 0)) throw err;
      if (err instanceof AppError && !this.#ended) {
        this.#errors.set(api.name, err.code);
        const reason = err.detail?.['error'];
        if (typeof reason === 'string') this.#errorReasons.set(api.name, reason);
        else this.#errorReasons.delete(api.name);
      }
      history.failures += 1;
      const wait = err instanceof AppError ? err.detail?.['retryAfterSeconds'] : undefined;
      if (typeof wait === 'number') history.notBefore = this.#o.clock() + wait * 1000;
      // the old token still lives: try again after the backoff instead of waiting for it to run out
      if (!this.#ended && this.#tokens.has(api.name)) this.#scheduleAt(api.name, history.earliestNext());
      throw err;
    }
  }

  #keepRefreshToken(response: TokenEndpointResponse): void {
    if (response.refresh_token === undefined) return;
    this.#refreshToken = response.refresh_token; // rotation: always keep the newest
    const rtExpiresIn = response['rt_expires_in'];
    if (typeof rtExpiresIn === 'number') this.#refreshExpiresAt = this.#o.clock() + rtExpiresIn * 1000;
  }

  #store(api: ApiConfig, response: TokenEndpointResponse): ApiToken {
    const now = this.#o.clock();
    if (!api.machine) this.#keepRefreshToken(response);
    const lifetimeMs = plannedLifetimeSeconds(response.expires_in) * 1000;
    const token: ApiToken = {
      accessToken: response.access_token,
      expiresAt: now + lifetimeMs,
      scopes: response.scope ? response.scope.split(' ') : [...api.scopes],
      ...rejectedScopesOf(response),
    };
    this.#tokens.set(api.name, token);
    const refreshAt = token.expiresAt - effectiveMarginMs(this.#o.refreshMarginMs, lifetimeMs);
    this.#refreshAt.set(api.name, refreshAt);
    this.#scheduleAt(api.name, Math.max(refreshAt, this.#historyOf(api.name).earliestNext()));
    this.#o.onChange();
    return token;
  }

  #scheduleAt(apiName: string, at: number): void {
    const previous = this.#timers.get(apiName);
    if (previous !== undefined) this.#o.scheduler.clearTimeout(previous);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.#o.clock()));
    this.#timers.set(
      apiName,
      this.#o.scheduler.setTimeout(() => {
        this.#timers.delete(apiName);
        this.refresh(apiName).catch((err: unknown) =>
          this.#o.log(`proactive refresh of ${apiName} failed: ${(err as AppError).code ?? 'error'}`),
        );
      }, delay),
    );
  }

  #historyOf(apiName: string): RequestHistory {
    let history = this.#history.get(apiName);
    if (!history) this.#history.set(apiName, (history = new RequestHistory()));
    return history;
  }

  #end(err: AppError): AppError {
    this.clear(err);
    return err;
  }

  #api(name: string): ApiConfig {
    const api = this.#o.apis.find((a) => a.name === name);
    if (!api) throw new AppError('api-unknown', { detail: { api: name } });
    return api;
  }
}

/** HelseID's `rejected_scope` (space-separated, like `scope`): scopes asked for and not granted. */
function rejectedScopesOf(response: TokenEndpointResponse): { rejectedScopes?: string[] } {
  const value = response['rejected_scope'];
  const scopes = typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
  return scopes.length ? { rejectedScopes: scopes } : {};
}
