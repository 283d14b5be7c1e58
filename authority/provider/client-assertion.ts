// HelseID's extra rules for private_key_jwt client assertions, on top of what oidc-provider
// already checks (signature, alg, iss, exp, single-use jti). The same rules guard the card back
// channel, which is not an oidc-provider endpoint and so verifies assertions itself.
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { serverDate } from '../server-clock.ts';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_LIFETIME_SECONDS = 60;

export interface AssertionAudience {
  issuer: string;
  tokenEndpoint: string;
}

/** Returns the specific reason an assertion breaks HelseID's rules, or undefined. */
export function assertionRuleViolation(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  clientId: string,
  audience: AssertionAudience,
  now = Math.floor(Date.now() / 1000),
): string | undefined {
  if (header.typ !== 'client-authentication+jwt') return 'client assertion header "typ" must be "client-authentication+jwt"';
  if (claims.iss !== clientId) return 'client assertion "iss" must be the client_id';
  if (claims.sub !== clientId) return 'client assertion "sub" must be the client_id';
  const accepted = new Set([audience.issuer, audience.tokenEndpoint]);
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (auds.length !== 1 || !accepted.has(auds[0] as string)) {
    return 'client assertion "aud" must be the issuer or the token endpoint URL';
  }
  if (typeof claims.exp !== 'number') return 'client assertion "exp" is missing';
  if (typeof claims.iat !== 'number') return 'client assertion "iat" is missing';
  if (claims.exp - claims.iat > MAX_LIFETIME_SECONDS) return 'client assertion lifetime ("exp" - "iat") exceeds 60 seconds';
  if (claims.exp - now > MAX_LIFETIME_SECONDS + 15) return 'client assertion "exp" is too far in the future';
  if (typeof claims.jti !== 'string' || !claims.jti) return 'client assertion "jti" is missing';
  return undefined;
}

/** oidc-provider hook `assertJwtClientAuthClaimsAndHeader`. */
export function helseIdAssertionHook(audience: AssertionAudience) {
  return async (ctx: KoaContextWithOIDC, claims: Record<string, unknown>, header: Record<string, unknown>, client: { clientId: string }) => {
    const violation = assertionRuleViolation(header, claims, client.clientId, audience);
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
): Promise<VerifiedClient> {
  const clientId = form.get('client_id') ?? '';
  const client = clients.get(clientId);
  if (!client) throw new ClientAuthError('unknown client_id');
  if (form.get('client_assertion_type') !== ASSERTION_TYPE) throw new ClientAuthError(`client_assertion_type must be ${ASSERTION_TYPE}`);
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
    throw new ClientAuthError(`client assertion does not verify: ${(err as Error).message}`, { cause: err });
  }
  const claims = verified.payload as Record<string, unknown>;
  const violation = assertionRuleViolation(verified.protectedHeader as Record<string, unknown>, claims, clientId, audience);
  if (violation) throw new ClientAuthError(violation);
  const keyRefusal = await client.keyRefusal?.(verified.protectedHeader as Record<string, unknown>, assertion);
  if (keyRefusal) throw new ClientAuthError(keyRefusal);
  if (!(await unique(clientId, claims.jti as string, (claims.exp as number) + 15))) {
    throw new ClientAuthError('client assertion tokens must only be used once');
  }
  return { clientId, claims };
}
