// Koa middleware around oidc-provider's routes for the HelseID behaviour it has no option for:
// `htu` must carry no query (oidc-provider strips it before comparing), `rt_expires_in` in token
// responses, remembering what each PAR asked for, and answering use_dpop_nonce before oidc-provider
// consumes anything (http/dpop-nonce-gate.ts).
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { KoaContextWithOIDC, Middleware, Provider } from 'oidc-provider';
import { API_DEFINITIONS, isKnownScope, KJERNEJOURNAL, scopesOfResource } from '../settings.ts';
import type { LoginRecords } from './accounts.ts';
import { ROUTES } from './create-provider.ts';
import { ParRegistry } from './par-registry.ts';
import type { Faults } from '../faults.ts';
import { structuresIn, tillitsrammeverkIn } from './assertion-structures.ts';
import type { DpopNonceGate } from '../http/dpop-nonce-gate.ts';

function dpopHtuViolation(proof: string): string | undefined {
  try {
    decodeProtectedHeader(proof);
    const { htu } = decodeJwt(proof);
    if (typeof htu === 'string' && (htu.includes('?') || htu.includes('#'))) {
      return 'DPoP proof htu must be scheme://host/path without query or fragment';
    }
  } catch {
    // a malformed proof is oidc-provider's to reject, with its own message
  }
  return undefined;
}

/** The PAR's parameters with a request object's claims taking precedence, as oidc-provider reads them. */
function parParams(ctx: KoaContextWithOIDC): Record<string, unknown> {
  const body = ctx.oidc.body ?? {};
  if (typeof body.request === 'string') {
    try {
      return { ...body, ...decodeJwt(body.request) };
    } catch {
      // invalid request objects were already refused by the PAR endpoint
    }
  }
  return body;
}

/**
 * `rejected_scope` (HelseID's token responses): the scopes the login withheld (the rejectScopes
 * knob) that concern this response — the OpenID scopes, and the API scopes of this token's audience.
 */
function rejectedScopeFor(
  ctx: KoaContextWithOIDC,
  body: Record<string, unknown>,
  logins: LoginRecords,
): string | undefined {
  const { AccessToken, RefreshToken, AuthorizationCode } = ctx.oidc.entities as Record<
    string,
    { grantId?: string } | undefined
  >;
  const grantId = AccessToken?.grantId ?? RefreshToken?.grantId ?? AuthorizationCode?.grantId;
  const withheld = logins.get(grantId)?.rejectedScopes ?? [];
  if (!withheld.length || typeof body.access_token !== 'string') return undefined;
  let aud: unknown;
  try {
    ({ aud } = decodeJwt(body.access_token));
  } catch {
    aud = undefined;
  }
  const own = typeof aud === 'string' ? (scopesOfResource(aud) ?? []) : [];
  const resources = [...API_DEFINITIONS.map((a) => a.resource), KJERNEJOURNAL.resource];
  // an identity scope concerns every token; a resource's scope only that resource's tokens
  const relevant = withheld.filter((s) => !resources.some((r) => scopesOfResource(r)!.includes(s)) || own.includes(s));
  return relevant.length ? relevant.join(' ') : undefined;
}

const PUSHED_REQUEST_URN = 'urn:ietf:params:oauth:request_uri:';

/**
 * A request_uri past its lifetime (the knob's, or one the expireUnused test hook ended early) is
 * removed from oidc-provider's store before oidc-provider looks it up, so the browser gets exactly
 * what an expired one gets: oidc-provider's own `invalid_request_uri` error page. (oidc-provider
 * enforces its own 60 s by itself; this only makes the emulator's shorter expiries real.)
 */
async function expireUsedUpRequestUri(
  ctx: KoaContextWithOIDC,
  provider: Provider,
  pars: ParRegistry,
  log: (line: string) => void,
): Promise<void> {
  const requestUri = ctx.query.request_uri;
  if (typeof requestUri !== 'string' || !requestUri.startsWith(PUSHED_REQUEST_URN)) return;
  const record = pars.byRequestUri(requestUri);
  if (!record || !ParRegistry.expiredUnused(record, Date.now())) return;
  await (
    await provider.PushedAuthorizationRequest.find(requestUri.slice(PUSHED_REQUEST_URN.length), {
      ignoreExpiration: true,
    })
  )?.destroy();
  log(
    `authorize: request_uri expired at ${new Date(record.requestUriExpiresAt).toISOString()} (it lives ${record.lifetimeSeconds} s after the pushed authorization request) before the browser used it`,
  );
}

export function helseIdMiddleware(
  provider: Provider,
  pars: ParRegistry,
  faults: Faults,
  nonceGate: DpopNonceGate,
  logins: LoginRecords,
  log: (line: string) => void = () => {},
): Middleware {
  return async (ctx, next) => {
    const proof = ctx.get('DPoP');
    if (proof && (ctx.path === ROUTES.token || ctx.path === ROUTES.pushed_authorization_request)) {
      const violation = dpopHtuViolation(proof);
      if (violation) {
        ctx.status = 400;
        ctx.body = { error: 'invalid_dpop_proof', error_description: violation };
        return;
      }
      const challenge = await nonceGate.check(proof);
      if (challenge) {
        ctx.status = challenge.status;
        for (const [name, value] of Object.entries(challenge.headers)) ctx.set(name, value);
        ctx.body = challenge.body;
        return;
      }
      // fault knob: demand a fresh nonce although the proof carries a valid one
      const nonce = decodeJwt(proof).nonce;
      if (ctx.path === ROUTES.token && typeof nonce === 'string' && faults.takeNonceChallenge()) {
        ctx.status = 400;
        ctx.set('DPoP-Nonce', nonce);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = {
          error: 'use_dpop_nonce',
          error_description: 'authorization server requires a new DPoP nonce (injected fault)',
        };
        return;
      }
    }
    if (ctx.path === ROUTES.authorization) await expireUsedUpRequestUri(ctx, provider, pars, log);
    await next();
    if (ctx.oidc?.route === 'pushed_authorization_request' && ctx.status === 201) {
      const params = parParams(ctx);
      // HelseID (Duende) refuses a scope the client may not have; oidc-provider drops it silently.
      // The stored request object is left unused and expires.
      const unknown = String(params.scope ?? '')
        .split(' ')
        .filter((scope) => scope && !isKnownScope(scope));
      if (unknown.length > 0) {
        ctx.status = 400;
        ctx.body = {
          error: 'invalid_scope',
          error_description: `scope ${unknown.map((s) => `"${s}"`).join(', ')} is not one this client may ask for`,
        };
        log(`par refused: unknown scope ${unknown.join(' ')}`);
        return;
      }
      const body = ctx.body as { request_uri: string; expires_in: number };
      // the request_uri lifetime knob: the PAR answer says it, and authorize enforces it (below)
      const lifetime = faults.settings.requestUriLifetimeSeconds;
      if (lifetime !== undefined && lifetime < body.expires_in) body.expires_in = lifetime;
      pars.add({
        requestUri: body.request_uri,
        clientId: ctx.oidc.client!.clientId,
        offlineAccess: String(params.scope ?? '')
          .split(' ')
          .includes('offline_access'),
        requestedScopes: String(params.scope ?? '')
          .split(' ')
          .filter(Boolean),
        tillitsrammeverk: tillitsrammeverkIn(structuresIn({ authorization_details: params.authorization_details })),
        lifetimeSeconds: body.expires_in,
        issuedAt: Date.now(),
      });
    }
    if (ctx.oidc?.route === 'token' && ctx.status === 200) {
      const body = ctx.body as Record<string, unknown>;
      if (typeof body.refresh_token === 'string') {
        const rt = await provider.RefreshToken.find(body.refresh_token);
        if (rt) body.rt_expires_in = rt.remainingTTL;
      }
      const rejected = rejectedScopeFor(ctx, body, logins);
      if (rejected) body.rejected_scope = rejected;
    }
  };
}
