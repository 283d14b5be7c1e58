// oidc-provider 9 ships no type declarations and the project does not install @types/oidc-provider
// (we may not change package.json). This declares only the surface the emulator uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcTokenLike {
    grantId?: string;
    accountId?: string;
    clientId?: string;
    gty?: string;
    sid?: string;
    jkt?: string;
    scope?: string;
    aud?: string | string[];
    exp?: number;
    iat?: number;
    extra?: Record<string, unknown>;
    resourceServer?: { audience?: string; scope?: string };
    remainingTTL: number;
    [key: string]: unknown;
  }

  export interface OidcContext {
    route: string;
    issuer: string;
    params?: Record<string, unknown>;
    client?: { clientId: string; [key: string]: unknown };
    entities: Record<string, OidcTokenLike | undefined> & { Client?: { clientId: string } };
    body?: Record<string, unknown>;
    session?: { accountId?: string; uid?: string; grantIdFor?(clientId: string): string | undefined };
    /** the interaction's result while an authorization resumes after a login */
    result?: { login?: Record<string, unknown> } & Record<string, unknown>;
    urlFor(name: string, params?: Record<string, string>): string;
    entity(name: string, value: unknown): void;
  }

  export interface KoaContextWithOIDC {
    oidc: OidcContext;
    method: string;
    path: string;
    url: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
    body: unknown;
    req: IncomingMessage;
    res: ServerResponse;
    get(header: string): string;
    set(header: string, value: string): void;
  }

  export interface Account {
    accountId: string;
    claims(
      use: string,
      scope: string,
      claims: unknown,
      rejected: string[],
    ): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export type FindAccount = (ctx: KoaContextWithOIDC, sub: string, token?: unknown) => Promise<Account | undefined>;

  export interface InteractionLike {
    uid: string;
    exp: number;
    params: Record<string, unknown>;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    session?: { accountId?: string; uid?: string };
    grantId?: string;
    returnTo: string;
    result?: Record<string, unknown>;
    lastSubmission?: Record<string, unknown>;
    save(ttl: number): Promise<string>;
  }

  export interface GrantLike {
    grantId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    rejectOIDCScope(scope: string): void;
    rejectResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export type ModelClass<T> = {
    new (props: Record<string, unknown>): T;
    find(id: string, options?: Record<string, unknown>): Promise<T | undefined>;
    prototype: T;
  };

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(fn: Middleware): this;
    /** oidc-provider's events; the emulator listens to `server_error` and the `<endpoint>.error` ones */
    on(event: 'server_error' | `${string}.error`, listener: (ctx: never, err: never) => void): this;
    on(event: 'authorization.success', listener: (ctx: KoaContextWithOIDC) => void): this;
    registerGrantType(
      name: string,
      handler: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>,
      params?: string[] | Set<string>,
      dupes?: string[] | Set<string>,
    ): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionLike>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    Interaction: ModelClass<InteractionLike>;
    Grant: ModelClass<GrantLike> & { new (props: { accountId: string; clientId: string }): GrantLike };
    AccessToken: ModelClass<
      OidcTokenLike & { save(): Promise<string>; setThumbprint(kind: 'jkt', value: string): void }
    >;
    RefreshToken: ModelClass<OidcTokenLike & { save(): Promise<string> }>;
    ReplayDetection: { unique(iss: string, jti: string, exp: number): Promise<boolean> };
    /** the stored pushed authorization requests (the id is the request_uri after `urn:ietf:params:oauth:request_uri:`) */
    PushedAuthorizationRequest: {
      find(id: string, options?: { ignoreExpiration?: boolean }): Promise<{ destroy(): Promise<void> } | undefined>;
    };
    ResourceServer: new (identifier: string, info: Record<string, unknown>) => unknown;
    Client: {
      find(id: string): Promise<unknown>;
      adapter: { upsert(id: string, payload: Record<string, unknown>): Promise<void> };
    };
    static readonly ctx: KoaContextWithOIDC | undefined;
  }

  export const errors: {
    InvalidClientAuth: new (description?: string) => Error;
    /** unlike InvalidClientAuth, its description reaches the client as error_description */
    InvalidClient: new (description?: string) => Error & { status: number; statusCode: number };
    InvalidTarget: new (description?: string) => Error;
    InvalidRequest: new (description?: string) => Error;
    InvalidGrant: new (description?: string) => Error;
    AccessDenied: new (description?: string) => Error;
    InvalidDpopProof: new (description?: string) => Error;
    CustomOIDCProviderError: new (error: string, description?: string) => Error;
  };

  /** one reason a prompt is needed; `check` answers REQUEST_PROMPT (true) or NO_NEED_TO_PROMPT (false) */
  export interface PolicyCheck {
    reason: string;
    check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>;
  }
  export interface PolicyPrompt {
    name: string;
    checks: PolicyCheck[] & { add(check: PolicyCheck): void };
  }
  export const interactionPolicy: {
    base(): PolicyPrompt[] & { get(name: string): PolicyPrompt | undefined };
    Check: {
      new (
        reason: string,
        description: string,
        check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>,
        details?: (ctx: KoaContextWithOIDC) => Record<string, unknown>,
      ): PolicyCheck;
      readonly REQUEST_PROMPT: true;
      readonly NO_NEED_TO_PROMPT: false;
    };
  };

  export default Provider;
}

// Internal module, pinned with oidc-provider 9.13.3: the only way to bind a custom grant's token to DPoP.
declare module 'oidc-provider/lib/helpers/validate_dpop.js' {
  import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
  export interface DpopResult {
    thumbprint: string;
    jti: string;
    iat: number;
  }
  export default function validateDpop(
    provider: Provider,
    ctx: KoaContextWithOIDC,
    accessToken?: string,
  ): Promise<DpopResult | undefined>;
  export function checkDpopReplay(
    provider: Provider,
    ctx: KoaContextWithOIDC,
    dPoP: DpopResult,
    clientId: string,
  ): Promise<void>;
}

// Internal module, pinned with oidc-provider 9.13.3: (re)builds the provider's signing keystore and
// published JWKS; the emulator's key-rotation hook calls it on a running provider.
declare module 'oidc-provider/lib/helpers/initialize_keystore.js' {
  import type { Provider } from 'oidc-provider';
  export default function initializeKeystore(this: Provider, jwks: { keys: unknown[] }): void;
}

// Internal module, pinned with oidc-provider 9.13.3: the server challenge behind DPoP nonces. Built
// with the provider's nonceSecret and info "DPoP" it yields the same nonces the provider checks, so
// the emulator can answer use_dpop_nonce BEFORE anything (assertion jti, code) is consumed.
declare module 'oidc-provider/lib/helpers/challenge.js' {
  export default class ServerChallenge {
    constructor(secret: Buffer, info: string);
    nextChallenge(): string;
    checkChallenge(challenge: string): boolean;
  }
}
