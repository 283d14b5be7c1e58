// The API guard: everything a HelseID-protected REST API must check before it serves a request,
// behind one call. Framework-neutral: hand it the method, the absolute URL and the headers; it
// answers with the accepted claims or a GuardError carrying status, body and headers to send.
//
//   const guard = createApiGuard({ issuer, audience, jwksUri, requiredScopes: ['x/read'], userEndpoint: true });
//   const result = await guard.verify({ method: req.method, url: `https://api.example.no${req.url}`, headers: req.headers });
//   if (isGuardError(result)) return send(result.status, result.body(), result.headers(guard.algorithms));
//
// What the result says about organizations is for display and audit only. The child organization
// number is asserted by the CLIENT in its client assertion and HelseID does not verify it for
// multi-tenant clients: never grant or deny access on it (HELSEID.md, "Organization numbers").
import type { JSONWebKeySet } from 'jose';
import { checkAccessToken } from './access-token-check.ts';
import { checkProof } from './dpop-proof-check.ts';
import { DpopNonces, type DpopNonceOptions } from './dpop-nonce.ts';
import { GuardError } from './guard-error.ts';
import { HELSEID_ALGS, HELSEID_CLAIM, isUserToken } from './helseid-claims.ts';
import { keySource } from './key-source.ts';
import { MemoryReplayCache, type ReplayCache } from './replay-cache.ts';

export interface ApiGuardOptions {
  /** exact issuer, e.g. https://helseid-sts.nhn.no */
  issuer: string;
  /** this API's resource indicator: the only audience its tokens may have */
  audience: string;
  jwksUri?: string;
  jwks?: JSONWebKeySet;
  /** every one must be in the token's scope array */
  requiredScopes: readonly string[];
  /** a person must stand behind the token: pid or hpr_number, security level 4 */
  userEndpoint: boolean;
  /** only client-credentials tokens: refuse any token that speaks for a person */
  machineOnly?: boolean;
  /** demand a server nonce in proofs (401 use_dpop_nonce + DPoP-Nonce until the client sends it) */
  dpopNonce?: boolean | DpopNonceOptions;
  /** clock tolerance for exp/nbf/iat, seconds (default 5) */
  leewaySeconds?: number;
  /** how far ahead an access token's exp may be, seconds (default 86,400: a day; HelseID's live minutes) */
  maxTokenLifetimeSeconds?: number;
  /** how old a proof's iat may be, seconds (default 60) */
  proofMaxAgeSeconds?: number;
  /** jti store; in memory by default, pass a shared one when the API runs as several instances */
  replayCache?: ReplayCache;
  /** epoch ms (default Date.now) */
  now?: () => number;
  /** for the JWKS fetch */
  fetch?: typeof fetch;
  /** minimum time between JWKS refetches caused by an unknown kid (default 30 s) */
  jwksCooldownMs?: number;
}

export interface GuardRequest {
  method: string;
  /** absolute URL as the client addressed it (behind a proxy: the public origin) */
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * Node's `req.rawHeaders`: pass it. Node's parser keeps only the FIRST of two Authorization
   * headers, so without the raw list a second one cannot be seen (and refused).
   */
  rawHeaders?: readonly string[];
}

export interface GuardSuccess {
  readonly ok: true;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly kind: 'user' | 'machine';
  readonly clientId: string | undefined;
  /** token exchange: the actor chain (`act`) and the client the user originally logged in with */
  readonly actor: unknown;
  readonly originalClientId: string | undefined;
  /** informational only — see the note at the top of this file */
  readonly organization: { readonly parent?: string; readonly child?: string; readonly tenancy?: string };
  /** headers to add to the successful response (a fresh DPoP-Nonce when nonces are on) */
  readonly responseHeaders: Readonly<Record<string, string>>;
}

export interface ApiGuard {
  verify(request: GuardRequest): Promise<GuardSuccess | GuardError>;
  /** proof algorithms, for the algs parameter of challenges */
  readonly algorithms: readonly string[];
}

function header(request: GuardRequest, name: string): string[] {
  if (request.rawHeaders) {
    // every occurrence, as sent: two headers are two values even where Node folded them
    const values: string[] = [];
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
      if (request.rawHeaders[i]!.toLowerCase() === name) values.push(...splitValues(request.rawHeaders[i + 1]!));
    }
    return values;
  }
  const value = request.headers[name] ?? request.headers[name.toLowerCase()];
  if (value === undefined) return [];
  // Node joins repeated unknown headers with ", ": a JWT never contains a comma
  return (Array.isArray(value) ? value : [value as string]).flatMap(splitValues);
}

function splitValues(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** scheme://host/path of the request, for htu (RFC 9449 §4.3); a URL we cannot read is refused. */
function targetUri(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new GuardError('invalid_request', 'the request URL must be an absolute http(s) URL (scheme://host/path)');
  }
  return `${parsed.origin}${parsed.pathname}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function createApiGuard(o: ApiGuardOptions): ApiGuard {
  if (o.userEndpoint && o.machineOnly)
    throw new TypeError('api guard: an endpoint cannot be both userEndpoint and machineOnly');
  const algorithms = [...HELSEID_ALGS];
  const leewaySeconds = o.leewaySeconds ?? 5;
  const now = o.now ?? Date.now;
  const nonces = o.dpopNonce ? new DpopNonces(o.dpopNonce === true ? {} : o.dpopNonce) : undefined;
  const keys = keySource({
    ...(o.jwksUri ? { jwksUri: o.jwksUri } : {}),
    ...(o.jwks ? { jwks: o.jwks } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
    ...(o.jwksCooldownMs === undefined ? {} : { cooldownMs: o.jwksCooldownMs }),
  });
  const tokenRules = {
    issuer: o.issuer,
    audience: o.audience,
    keys,
    algorithms,
    requiredScopes: o.requiredScopes,
    userEndpoint: o.userEndpoint,
    machineOnly: o.machineOnly ?? false,
    leewaySeconds,
    maxLifetimeSeconds: o.maxTokenLifetimeSeconds ?? 86_400,
  };
  const proofRules = {
    algorithms,
    leewaySeconds,
    maxAgeSeconds: o.proofMaxAgeSeconds ?? 60,
    nonces,
    replay: o.replayCache ?? new MemoryReplayCache(),
  };

  async function verify(request: GuardRequest): Promise<GuardSuccess> {
    const nowMs = now();
    const htu = targetUri(request.url);
    const authorization = header(request, 'authorization');
    if (authorization.length === 0)
      throw new GuardError('invalid_request', 'Authorization: DPoP <access token> is required', {
        status: 401,
        noCredentials: true,
      });
    const [scheme, token, ...rest] = authorization[0]!.split(' ');
    if (authorization.length > 1 || rest.length || !token)
      throw new GuardError(
        'invalid_request',
        'exactly one Authorization header of the form "DPoP <access token>" is required',
      );
    if (scheme!.toLowerCase() === 'bearer')
      throw new GuardError('invalid_token', 'this API accepts only DPoP-bound tokens: use the DPoP scheme, not Bearer');
    if (scheme!.toLowerCase() !== 'dpop')
      throw new GuardError('invalid_request', `unsupported authorization scheme ${scheme}: use DPoP`);
    const claims = await checkAccessToken(token, tokenRules, nowMs);
    const proofs = header(request, 'dpop');
    if (proofs.length !== 1) throw new GuardError('invalid_dpop_proof', 'exactly one DPoP header is required');
    await checkProof(
      {
        proof: proofs[0]!,
        method: request.method.toUpperCase(),
        htu,
        accessToken: token,
        jkt: (claims.cnf as { jkt: string }).jkt,
      },
      proofRules,
      nowMs,
    );
    return {
      ok: true,
      claims,
      kind: isUserToken(claims) ? 'user' : 'machine',
      clientId: text(claims.client_id),
      actor: claims.act,
      originalClientId: text(claims[HELSEID_CLAIM.originalClientId]),
      organization: {
        ...(text(claims[HELSEID_CLAIM.orgnrParent]) ? { parent: text(claims[HELSEID_CLAIM.orgnrParent]) } : {}),
        ...(text(claims[HELSEID_CLAIM.orgnrChild]) ? { child: text(claims[HELSEID_CLAIM.orgnrChild]) } : {}),
        ...(text(claims[HELSEID_CLAIM.clientTenancy]) ? { tenancy: text(claims[HELSEID_CLAIM.clientTenancy]) } : {}),
      },
      responseHeaders: nonces ? { 'DPoP-Nonce': nonces.current(nowMs) } : {},
    };
  }

  return {
    algorithms,
    verify: (request) =>
      verify(request).catch((err: unknown) => {
        if (err instanceof GuardError) return err;
        throw err; // a bug or a misconfiguration, not a bad request: let the server's error handling see it
      }),
  };
}
