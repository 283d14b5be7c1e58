// How HelseID's token endpoint knows the clients the emulated Selvbetjening created:
// - a confirmed client becomes a real oidc-provider client (private_key_jwt, DPoP, PAR, its draft's
//   redirect URIs) once HelseID's client-configuration cache has it; before that, and for drafts
//   never confirmed, `invalid_client` says why;
// - every key it ever registered stays in its JWKS, so an assertion signed with an expired key
//   still verifies and is then refused with the kid and the expiry (not a bare "signature failed");
// - at a resource it gets only the scopes its configuration names and the API owner approved.
// Used for oidc-provider's endpoints (PAR, token, revocation, introspection) and the card back channel.
import { compactVerify, importJWK, type JWK } from 'jose';
import { errors, type Provider } from 'oidc-provider';
import type { ProvisionedClient } from '../selvbetjening/client-registry.ts';
import { CLAIM } from '../settings.ts';
import { ClientAuthError } from './client-assertion.ts';
import { orgNumberClaims, tokenRequestStructures } from './assertion-structures.ts';
import type { ClaimSource } from './token-claims.ts';

export interface ProvisionedClientSource {
  get(clientId: string): ProvisionedClient | undefined;
  /** epoch ms: the clock of key expiry and the cache delay */
  now(): number;
  pendingScope(): string | undefined;
  /** the environment's log: which key signed each provisioned client's assertion (renewal tests read it) */
  log?(line: string): void;
}

export function provisionedClientMetadata(c: ProvisionedClient): Record<string, unknown> {
  const login = c.redirectUris.length > 0;
  return {
    client_id: c.clientId,
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: c.keys.map((k) => k.publicJwk) },
    dpop_bound_access_tokens: true,
    id_token_signed_response_alg: 'RS256',
    require_auth_time: true, // as every client's: IdentityServer always puts auth_time in the ID token
    // a thick client on a workstation: loopback redirects match on any port (RFC 8252 §7.3)
    application_type: 'native',
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris,
    response_types: login ? ['code'] : [],
    // PAR is enforced per client, as HelseID does (its discovery's global flag is false)
    require_pushed_authorization_requests: true,
    grant_types: login ? ['authorization_code', 'refresh_token', 'client_credentials'] : ['client_credentials'],
  };
}

/** Why HelseID does not know this Selvbetjening client (yet), or undefined when it does. */
export function notKnownReason(c: ProvisionedClient, now: number): string | undefined {
  if (c.state === 'draft')
    return `client "${c.clientId}" is not known to HelseID: it is a Selvbetjening client draft that has not been confirmed`;
  if (c.state === 'refused')
    return `client "${c.clientId}" is not known to HelseID: its Selvbetjening client draft was refused, not confirmed`;
  const knownAt = Date.parse(c.knownAt ?? c.confirmedAt ?? '');
  if (knownAt > now) {
    return `client "${c.clientId}" is not yet known to HelseID: it was confirmed at ${c.confirmedAt}, and HelseID's client-configuration cache picks it up at ${c.knownAt} (in ${Math.ceil((knownAt - now) / 1000)} s); try again then`;
  }
  return undefined;
}

function invalidClient(description: string): Error {
  const err = new errors.InvalidClient(description);
  err.status = 401;
  err.statusCode = 401;
  return err;
}

/** Lets oidc-provider find provisioned clients: their current metadata goes into its client adapter on each lookup. */
export function patchClientLookup(provider: Provider, source: ProvisionedClientSource): void {
  const Client = provider.Client;
  const find = Client.find.bind(Client);
  Client.find = async (id: string) => {
    const c = typeof id === 'string' ? source.get(id) : undefined;
    if (c) {
      const reason = notKnownReason(c, source.now());
      if (reason) throw invalidClient(reason);
      // oidc-provider caches a client per hash of its metadata, so a new key takes effect at once
      await Client.adapter.upsert(id, provisionedClientMetadata(c));
    }
    return find(id);
  };
}

/**
 * The key (by kid, else by trying each) that signed the assertion, and why it may not be used.
 * `where` names the endpoint in the log line that says which key was used.
 */
async function expiredKeyReason(
  source: ProvisionedClientSource,
  c: ProvisionedClient,
  header: Record<string, unknown>,
  assertion: string | undefined,
  where: string,
): Promise<string | undefined> {
  const now = source.now();
  let key = typeof header.kid === 'string' ? c.keys.find((k) => k.kid === header.kid) : undefined;
  if (!key && assertion) {
    for (const candidate of c.keys) {
      try {
        await compactVerify(assertion, await importJWK(candidate.publicJwk as JWK, String(header.alg)));
        key = candidate;
        break;
      } catch {
        // not this key
      }
    }
  }
  if (!key) return undefined;
  const valid = Date.parse(key.expiration) > now;
  source.log?.(
    `helseid: client ${c.clientId} signed its assertion (${where}) with key ${key.kid}${valid ? '' : ' — expired, refused'}`,
  );
  if (valid) return undefined;
  return `the client's key "${key.kid}" expired at ${key.expiration}: sign with a valid key (register a new one with POST /v1/client-secret before the old one expires; an expired key cannot be renewed — set the client up again)`;
}

/** Runs after oidc-provider verified a client assertion's signature (assertJwtClientAuthClaimsAndHeader). */
export function provisionedKeyCheck(source: ProvisionedClientSource) {
  return async (
    assertion: string | undefined,
    header: Record<string, unknown>,
    clientId: string,
    route = 'token',
  ): Promise<void> => {
    const c = source.get(clientId);
    if (!c) return;
    const reason = await expiredKeyReason(source, c, header, assertion, route);
    if (reason) throw invalidClient(reason);
  };
}

/** The card back channel's view of provisioned clients: keys, or the ClientAuthError that says why not. */
export function cardChannelClient(source: ProvisionedClientSource, clientId: string) {
  const c = source.get(clientId);
  if (!c) return undefined;
  const reason = notKnownReason(c, source.now());
  if (reason) throw new ClientAuthError(reason);
  return {
    jwks: { keys: c.keys.map((k) => k.publicJwk as JWK) },
    keyRefusal: (header: Record<string, unknown>, assertion: string) =>
      expiredKeyReason(source, c, header, assertion, 'card back channel'),
  };
}

/** The scopes a provisioned client gets at `resource`; undefined for other clients (no restriction). */
export function provisionedResourceScopes(
  source: ProvisionedClientSource,
  clientId: string,
  resource: string,
  resourceScopes: string[],
): string[] | undefined {
  const c = source.get(clientId);
  if (!c) return undefined;
  const pending = source.pendingScope();
  const configured = resourceScopes.filter((s) => c.apiScopes.includes(s));
  const approved = configured.filter((s) => s !== pending);
  if (approved.length === 0) {
    throw new errors.InvalidTarget(
      configured.length
        ? `client "${clientId}" may not use ${resource} yet: its scope ${configured.join(' ')} waits for the API owner's approval (Selvbetjening status "pending")`
        : `client "${clientId}" has no scope of ${resource} in its Selvbetjening configuration (its apiScopes: ${c.apiScopes.join(' ')})`,
    );
  }
  return approved;
}

/**
 * Organization claims of a provisioned (single-tenant) client's tokens: orgnr_parent is the
 * organization its draft named, and a child organization it asserts must be one of its
 * childOrganizationNumbers. The rule is HelseID's (Selvbetjening: "which child organization numbers
 * the client should be allowed to specify"); the error code it answers with is UNCONFIRMED.
 * Runs after assertionClaimSource, whose parent it replaces.
 */
export function provisionedClientClaimSource(source: ProvisionedClientSource): ClaimSource {
  return (ctx) => {
    const c = source.get(ctx.oidc.client?.clientId ?? '');
    if (!c) return undefined;
    const structures = tokenRequestStructures(ctx);
    const asserted = structures ? orgNumberClaims(structures) : undefined;
    if (asserted?.[CLAIM.clientTenancy] === 'multi-tenant') {
      throw new errors.InvalidRequest(
        `client "${c.clientId}" is single-tenant: assert its child organization with system urn:oid:2.16.578.1.12.4.1.4.101, not as NO:ORGNR:<parent>:<child>`,
      );
    }
    const child = asserted?.[CLAIM.orgnrChild];
    if (child && !c.childOrganizationNumbers.includes(child)) {
      throw new errors.InvalidRequest(
        `child organization ${child} is not one of client "${c.clientId}"'s child organization numbers (${c.childOrganizationNumbers.join(', ') || 'none'}; change them with PUT /v1/client)`,
      );
    }
    if (!child && ctx.oidc.params?.grant_type !== 'client_credentials') return undefined;
    return { [CLAIM.orgnrParent]: c.organizationNumber };
  };
}
