// One refresh token and one access token per API, in memory only.
// - Token requests run one at a time: HelseID rotates the refresh token on every use, so two
//   concurrent refreshes would race and one would present an already-used token.
// - Concurrent callers wanting the same API share one in-flight request.
// - Each access token is refreshed proactively shortly before it expires.
// - An invalid refresh token ends the store: every later call fails with refresh-token-expired.
import type { TokenEndpointResponse } from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { ApiTokenInfo, ApiTokenState } from '../../shared/session-types.ts';
import type { ApiConfig } from '../config/config-schema.ts';
import type { Scheduler } from './scheduler.ts';

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout fires at once beyond this

export interface ApiToken {
  readonly accessToken: string;
  /** epoch ms */
  readonly expiresAt: number;
  readonly scopes: readonly string[];
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
}

export class TokenStore {
  readonly #o: TokenStoreOptions;
  readonly #tokens = new Map<string, ApiToken>();
  readonly #inflight = new Map<string, Promise<ApiToken>>();
  readonly #errors = new Map<string, string>();
  readonly #timers = new Map<string, unknown>();
  #refreshToken: string | undefined;
  #refreshExpiresAt: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #ended: AppError | undefined;

  constructor(options: TokenStoreOptions) {
    this.#o = options;
  }

  /** Stores a token response obtained elsewhere (the code redemption) for `apiName`. */
  accept(apiName: string, response: TokenEndpointResponse): ApiToken {
    return this.#store(this.#api(apiName), response);
  }

  /** A token valid for at least the margin, fetched if needed. */
  async token(apiName: string): Promise<ApiToken> {
    const current = this.#tokens.get(apiName);
    if (current && current.expiresAt - this.#o.refreshMarginMs > this.#o.clock()) return current;
    return this.refresh(apiName);
  }

  /** A new token for `apiName`, even if the current one is still valid (unit switch, proactive refresh). */
  refresh(apiName: string): Promise<ApiToken> {
    const api = this.#api(apiName);
    const running = this.#inflight.get(apiName);
    if (running) return running;
    const next = this.#serial(() => this.#fetch(api)).finally(() => {
      this.#inflight.delete(apiName);
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
      const state: ApiTokenState = this.#inflight.has(api.name) ? (token ? 'refreshing' : 'fetching')
        : this.#ended ? 'expired'
        : error ? 'error'
        : !token ? 'none'
        : token.expiresAt > this.#o.clock() ? 'valid' : 'expired';
      return {
        name: api.name,
        audience: api.resource,
        scopes: [...(token?.scopes ?? api.scopes)],
        ...(token ? { expiresAt: token.expiresAt } : {}),
        state,
        ...(state === 'error' && error ? { errorCode: error } : {}),
      };
    });
  }

  /** Drops everything from memory at once and hands back the refresh token (for revocation). */
  clear(reason: AppError = new AppError('not-logged-in')): string | undefined {
    const refreshToken = this.#refreshToken;
    this.#ended = reason;
    this.#refreshToken = undefined;
    this.#tokens.clear();
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
    try {
      const response = await this.#o.request(api, api.machine ? undefined : this.#refreshToken);
      if (this.#ended) {
        // cleared while the request ran: do not resurrect tokens, and revoke the rotated refresh token
        if (!api.machine && response.refresh_token !== undefined) this.#o.orphaned?.(response.refresh_token);
        throw this.#ended;
      }
      this.#errors.delete(api.name);
      return this.#store(api, response);
    } catch (err) {
      if (err instanceof AppError && err.code === 'refresh-token-expired') throw this.#end(err);
      if (err instanceof AppError && !this.#ended) this.#errors.set(api.name, err.code);
      throw err;
    }
  }

  #store(api: ApiConfig, response: TokenEndpointResponse): ApiToken {
    const now = this.#o.clock();
    if (response.refresh_token !== undefined && !api.machine) {
      this.#refreshToken = response.refresh_token; // rotation: always keep the newest
      const rtExpiresIn = response['rt_expires_in'];
      if (typeof rtExpiresIn === 'number') this.#refreshExpiresAt = now + rtExpiresIn * 1000;
    }
    const token: ApiToken = {
      accessToken: response.access_token,
      expiresAt: now + (response.expires_in ?? 60) * 1000,
      scopes: response.scope ? response.scope.split(' ') : [...api.scopes],
    };
    this.#tokens.set(api.name, token);
    this.#schedule(api.name, token);
    this.#o.onChange();
    return token;
  }

  #schedule(apiName: string, token: ApiToken): void {
    const previous = this.#timers.get(apiName);
    if (previous !== undefined) this.#o.scheduler.clearTimeout(previous);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, token.expiresAt - this.#o.refreshMarginMs - this.#o.clock()));
    this.#timers.set(apiName, this.#o.scheduler.setTimeout(() => {
      this.#timers.delete(apiName);
      this.refresh(apiName).catch((err: unknown) => this.#o.log(`proactive refresh of ${apiName} failed: ${(err as AppError).code ?? 'error'}`));
    }, delay));
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
