// RFC 8693 token exchange as HelseID offers it: an API (the actor, authenticated as its own client)
// trades the user's access token for one to a back-end API. The new token keeps the user's claims
// and adds `act` and `helseid://claims/client/original_client_id`.
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { errors, type KoaContextWithOIDC, type OidcTokenLike, type Provider } from 'oidc-provider';
import validateDpop, { checkDpopReplay } from 'oidc-provider/lib/helpers/validate_dpop.js';
import { API_DEFINITIONS, CLAIM, type ApiDefinition } from '../settings.ts';
import { getResourceServerInfo } from './resources.ts';
import { serverDate } from '../server-clock.ts';
import type { ClaimSource } from './token-claims.ts';

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const MAX_EXCHANGES = 2;
const CARRIED_CLAIMS = [
  'name',
  'idp',
  'amr',
  'sid',
  CLAIM.pid,
  CLAIM.hprNumber,
  CLAIM.securityLevel,
  CLAIM.network,
  CLAIM.tillitsrammeverk,
];

/** Which API each actor client speaks for: it may exchange only tokens addressed to that API. */
export type ActorApis = ReadonlyMap<string, ApiDefinition>;

const exchanged = new WeakMap<object, Record<string, unknown>>();

/** Claim source: the claims an exchanged token carries over from its subject token. */
export const exchangeClaimSource: ClaimSource = (_ctx, token) => exchanged.get(token);

function depth(act: unknown): number {
  return act && typeof act === 'object' ? 1 + depth((act as { act?: unknown }).act) : 0;
}

function targetApi(scope: string, resource: unknown): ApiDefinition {
  const scopes = scope.split(' ').filter(Boolean);
  const apis = new Set(scopes.map((s) => API_DEFINITIONS.find((a) => a.scopes.includes(s))));
  const [api] = apis;
  if (!scopes.length || apis.size !== 1 || !api)
    throw new errors.InvalidTarget('scope must name the scopes of exactly one API');
  if (resource !== undefined && resource !== api.resource)
    throw new errors.InvalidTarget('resource does not match the requested scopes');
  return api;
}

export function tokenExchangeHandler(provider: Provider, signingJwks: () => { keys: JWK[] }, actors: ActorApis) {
  return async (ctx: KoaContextWithOIDC): Promise<void> => {
    const keys = createLocalJWKSet(signingJwks()); // per request: the keys may have been rotated
    const params = ctx.oidc.params ?? {};
    const client = ctx.oidc.client!;
    if (params.subject_token_type !== ACCESS_TOKEN_TYPE)
      throw new errors.InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    const actorApi = actors.get(client.clientId);
    let subject: Record<string, unknown>;
    try {
      ({ payload: subject } = await jwtVerify(String(params.subject_token ?? ''), keys, {
        issuer: provider.issuer,
        typ: 'at+jwt',
        currentDate: serverDate(),
      }));
    } catch (err) {
      throw new errors.InvalidGrant(
        `subject_token is not a valid access token from this authority: ${(err as Error).message}`,
      );
    }
    if (!actorApi || subject.aud !== actorApi.resource)
      throw new errors.InvalidRequest(
        'token exchange not permitted: the subject token is not addressed to the API this client acts for',
      );
    if (depth(subject.act) >= MAX_EXCHANGES)
      throw new errors.InvalidRequest('the subject token was exchanged too many times');
    const target = targetApi(String(params.scope ?? ''), params.resource);

    const dPoP = await validateDpop(provider, ctx);
    if (!dPoP) throw new errors.InvalidRequest('DPoP proof required: this client gets DPoP-bound tokens only');
    await checkDpopReplay(provider, ctx, dPoP, client.clientId);

    const at = new provider.AccessToken({
      accountId: subject.sub,
      client,
      gty: 'token-exchange',
      scope: target.scopes.filter((s) => String(params.scope).split(' ').includes(s)).join(' '),
    });
    at.resourceServer = new provider.ResourceServer(
      target.resource,
      await getResourceServerInfo(ctx, target.resource),
    ) as OidcTokenLike['resourceServer'];
    at.setThumbprint('jkt', dPoP.thumbprint);
    const carried = Object.fromEntries(
      CARRIED_CLAIMS.filter((c) => subject[c] !== undefined).map((c) => [c, subject[c]]),
    );
    exchanged.set(at, {
      ...carried,
      act: { client_id: client.clientId, ...(subject.act ? { act: subject.act } : {}) },
      [CLAIM.originalClientId]: subject[CLAIM.originalClientId] ?? subject.client_id,
    });
    const value = await at.save();
    ctx.body = {
      access_token: value,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'DPoP',
      expires_in: at.remainingTTL,
      scope: at.scope,
    };
  };
}

export const TOKEN_EXCHANGE_PARAMS = [
  'subject_token',
  'subject_token_type',
  'scope',
  'resource',
  'requested_token_type',
  'actor_token',
  'actor_token_type',
  'audience',
];
