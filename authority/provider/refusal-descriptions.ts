// Every refusal names the rule that failed. oidc-provider answers many refusals with a generic
// error_description ("client authentication failed", "grant request is invalid") and keeps the
// reason in `error_detail`, which it never sends. This listener puts the reason into the answer's
// error_description — in HelseID's terms where we know them — and into the environment's log.
import type { Provider } from 'oidc-provider';
import { ASSERTION_REUSED, describeJwtFailure } from './client-assertion.ts';

type OidcError = Error & { error?: string; error_description?: string; error_detail?: string };
type Ctx = { body?: unknown; path?: string };

/** oidc-provider's events for refusals answered as JSON (authorization errors go to the redirect_uri) */
const EVENTS = [
  'pushed_authorization_request.error',
  'grant.error',
  'revocation.error',
  'introspection.error',
  'userinfo.error',
  'end_session.error',
  'end_session_confirm.error',
  'end_session_success.error',
  'authorization.error',
] as const;

/** oidc-provider's fixed client-authentication details, as the HelseID rule they enforce */
function clientAuthRule(detail: string, issuer: string): string {
  if (detail.startsWith('client assertion'))
    return detail === 'client assertion tokens must only be used once' ? ASSERTION_REUSED : detail;
  if (/audience \(aud\)/.test(detail))
    return `client assertion "aud" must be the issuer (${issuer}), exactly one value`;
  if (/expiration must be specified/.test(detail)) return 'client assertion "exp" is missing';
  if (/unique jti/.test(detail)) return 'client assertion "jti" is missing: a fresh one for every request';
  if (/iss \(JWT issuer\) must be provided/.test(detail))
    return 'client assertion "iss" is missing: it must be the client_id';
  if (/iss \(JWT issuer\) must be the client_id/.test(detail)) return 'client assertion "iss" must be the client_id';
  if (/alg mismatch/.test(detail))
    return 'client assertion "alg" must be one of RS256/384/512, PS256/384/512, ES256/384/512';
  if (/client not found|invalid client_id|client is invalid/i.test(detail))
    return `client_id is not registered (${detail})`;
  if (/client_assertion_type|no client authentication mechanism/i.test(detail))
    return `${detail} (HelseID takes private_key_jwt only)`;
  return describeJwtFailure(detail);
}

/** The error_description that says which rule failed. */
export function ruleDescription(err: OidcError, issuer: string): string {
  const base = err.error_description ?? err.message;
  const detail = err.error_detail;
  if (!detail || detail === base) return base;
  if (err.error === 'invalid_client') return `client authentication failed: ${clientAuthRule(detail, issuer)}`;
  return `${base}: ${detail}`;
}

export function describeRefusals(provider: Provider, issuer: string, log: (line: string) => void): void {
  for (const event of EVENTS) {
    provider.on(event, (ctx: Ctx, err: OidcError) => {
      const description = ruleDescription(err, issuer);
      const body = ctx.body;
      // JSON answers only: authorization errors were already redirected, HTML pages rendered
      if (body && typeof body === 'object' && !Buffer.isBuffer(body) && 'error' in body) {
        (body as Record<string, unknown>).error_description = description;
      }
      if (err.error !== 'use_dpop_nonce') log(`${event}: ${err.error ?? 'error'}: ${description}`);
    });
  }
}
