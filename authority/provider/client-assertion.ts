// HelseID's extra rules for private_key_jwt client assertions, on top of what oidc-provider
// already checks (signature, alg, iss, exp, single-use jti). The same rules guard the card back
// channel, which is not an oidc-provider endpoint and so verifies assertions itself.
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { serverDate } from '../server-clock.ts';
import { HELSEID_RULES, type RuleSettings } from '../rules.ts';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_LIFETIME_SECONDS = 60;

export interface AssertionAudience {
  issuer: string;
  tokenEndpoint: string;
}

/** the accepted `typ` values: HelseID's documentation shows `JWT`, NHN's libraries send the new form */
const LENIENT_TYPS = new Set([undefined, 'JWT', 'client-authentication+jwt']);

function audienceViolation(
  claims: Record<string, unknown>,
  audience: AssertionAudience,
  rules: RuleSettings,
): string | undefined {
  const accepted = new Set([audience.issuer]);
  if (rules.legacyAssertionAudience) {
    accepted.add(audience.tokenEndpoint);
    accepted.add(`${audience.issuer}/`);
  }
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (auds.length === 1 && accepted.has(auds[0] as string)) return undefined;
  if (auds.length === 1 && auds[0] === audience.tokenEndpoint) {
    return `client assertion "aud" must be the issuer (${audience.issuer}), not the token endpoint URL (a legacy form this authority refuses unless its legacy-audience knob is on)`;
  }
  return `client assertion "aud" must be the issuer (${audience.issuer}), exactly one value`;
}

/** Returns the specific reason an assertion breaks HelseID's rules, or undefined. */
export function assertionRuleViolation(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  clientId: string,
  audience: AssertionAudience,
  rules: RuleSettings = HELSEID_RULES,
  now = Math.floor(Date.now() / 1000),
): string | undefined {
  if (rules.strictAssertionTyp && header.typ !== 'client-authentication+jwt') {
    return 'client assertion header "typ" must be "client-authentication+jwt" (strict mode)';
  }
  if (!LENIENT_TYPS.has(header.typ as string | undefined))
    return 'client assertion header "typ" must be "client-authentication+jwt" or "JWT"';
  if (claims.iss !== clientId) return 'client assertion "iss" must be the client_id';
  if (claims.sub !== clientId) return 'client assertion "sub" must be the client_id';
  const aud = audienceViolation(claims, audience, rules);
  if (aud) return aud;
  if (typeof claims.exp !== 'number') return 'client assertion "exp" must be a number (seconds since 1970)';
  if (typeof claims.iat !== 'number') return 'client assertion "iat" must be a number (seconds since 1970)';
  if (claims.exp - claims.iat > MAX_LIFETIME_SECONDS)
    return 'client assertion lifetime ("exp" - "iat") exceeds 60 seconds';
  if (claims.exp - now > MAX_LIFETIME_SECONDS + 15)
    return 'client assertion "exp" is more than 60 seconds in the future';
  if (typeof claims.jti !== 'string' || !claims.jti) return 'client assertion "jti" is missing';
  return undefined;
}

/** oidc-provider hook `assertJwtClientAuthClaimsAndHeader`. */
export function helseIdAssertionHook(audience: AssertionAudience, rules: () => RuleSettings) {
  return async (
    ctx: KoaContextWithOIDC,
    claims: Record<string, unknown>,
    header: Record<string, unknown>,
    client: { clientId: string },
  ) => {
    const violation = assertionRuleViolation(header, claims, client.clientId, audience, rules());
    if (violation) throw new errors.InvalidClientAuth(violation);
    void ctx;
  };
}

export interface VerifiedClient {
  clientId: string;
  claims: Record<string, unknown>;
}

export class ClientAuthError extends Error {
  readonly code = 'invalid_client';
}

/** A client as the card back channel sees it; `keyRefusal` says why a verified key may not be used (expired). */
export interface AssertingClient {
  jwks: { keys: JWK[] };
  keyRefusal?(header: Record<string, unknown>, assertion: string): Promise<string | undefined>;
}

/** Looks a client up; may throw a ClientAuthError that says why a client is not known (yet). */
export interface ClientLookup {
  get(clientId: string): AssertingClient | undefined;
}

/** Full private_key_jwt verification for endpoints outside oidc-provider (the card back channel). */
export async function verifyClientAssertion(
  form: URLSearchParams,
  clients: ClientLookup,
  audience: AssertionAudience,
  unique: (iss: string, jti: string, exp: number) => Promise<boolean>,
  rules: RuleSettings = HELSEID_RULES,
): Promise<VerifiedClient> {
  const clientId = form.get('client_id') ?? '';
  const client = clients.get(clientId);
  if (!client) throw new ClientAuthError('unknown client_id');
  if (form.get('client_assertion_type') !== ASSERTION_TYPE)
    throw new ClientAuthError(`client_assertion_type must be ${ASSERTION_TYPE}`);
  const assertion = form.get('client_assertion');
  if (!assertion) throw new ClientAuthError('client_assertion is missing');
  let verified;
  try {
    verified = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'],
      clockTolerance: 15,
      currentDate: serverDate(), // jose reads new Date(), which the fault's clock offset does not move
    });
  } catch (err) {
    throw new ClientAuthError(describeJwtFailure((err as Error).message), { cause: err });
  }
  const claims = verified.payload as Record<string, unknown>;
  const violation = assertionRuleViolation(
    verified.protectedHeader as Record<string, unknown>,
    claims,
    clientId,
    audience,
    rules,
  );
  if (violation) throw new ClientAuthError(violation);
  const keyRefusal = await client.keyRefusal?.(verified.protectedHeader as Record<string, unknown>, assertion);
  if (keyRefusal) throw new ClientAuthError(keyRefusal);
  if (!(await unique(clientId, claims.jti as string, (claims.exp as number) + 15))) {
    throw new ClientAuthError(ASSERTION_REUSED);
  }
  return { clientId, claims };
}

export const ASSERTION_REUSED = 'client assertion "jti" was already used: make a new assertion for every request';

/**
 * A JWT library's verification failure (oidc-provider's own wording, or jose's) as the HelseID rule
 * it breaks, so a developer reads which claim to fix.
 */
export function describeJwtFailure(message: string): string {
  const m = message.toLowerCase();
  if (/"?exp"? claim timestamp check failed|jwt expired/.test(m))
    return 'client assertion has expired ("exp" is in the past on the authority\'s clock: check the PC clock)';
  if (/"?nbf"? claim timestamp check failed|not active yet/.test(m))
    return 'client assertion is not valid yet ("nbf" is in the future on the authority\'s clock: check the PC clock)';
  if (/"?iat"? claim timestamp check failed|issued in the future/.test(m))
    return 'client assertion "iat" is in the future on the authority\'s clock: check the PC clock';
  if (/invalid iat value|"iat" claim must be a number/.test(m))
    return 'client assertion "iat" must be a number (seconds since 1970)';
  if (/invalid exp value|"exp" claim must be a number/.test(m))
    return 'client assertion "exp" must be a number (seconds since 1970)';
  if (/invalid nbf value|"nbf" claim must be a number/.test(m))
    return 'client assertion "nbf" must be a number (seconds since 1970)';
  if (/signature|no matching key|no applicable key|jwks/.test(m))
    return 'client assertion signature does not verify with the client\'s registered public key (wrong key or "kid")';
  if (/alg/.test(m)) return 'client assertion "alg" must be one of RS256/384/512, PS256/384/512, ES256/384/512';
  return `client assertion does not verify: ${message}`;
}
