// NHN's Selvbetjening API as the app uses it (HELSEID.md "Provisioning and key renewal";
// Selvbetjening.Samples ClientRegistrationExample, HelseID.Library's SelvbetjeningSecretUpdater):
// - POST /v1/client-drafts with the client system's API key → { clientId }
// - with a DPoP token (client credentials, scope nhn:selvbetjening/client) of the client itself:
//   GET /v1/client (per-scope status), POST /v1/client-secret (new public key → { expiration }),
//   GET /v1/client-secret (the client's keys, each with its expiration).
import type { JWK } from 'jose';
import * as oidc from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import { answerJson, problemError, unreachable } from './selvbetjening-errors.ts';

export const SELVBETJENING_SCOPE = 'nhn:selvbetjening/client';
/** the resource the scope belongs to (HelseID's scope naming: "<resource>/<scope>") */
export const SELVBETJENING_RESOURCE = 'nhn:selvbetjening';

export interface ClientDraft {
  readonly organizationNumber: string;
  readonly publicJwk: JWK;
  readonly apiScopes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly childOrganizationNumbers: readonly string[];
  readonly postClientConfirmationRedirectUri: string;
}

export interface ScopeStatus {
  readonly scope: string;
  readonly status: 'ok' | 'pending';
  /** Selvbetjening's human-readable reason (for IT: shown in the set-up result and doctor) */
  readonly reason?: string;
}

export interface ClientSecretInfo {
  readonly kid?: string;
  readonly jwkThumbprint?: string;
  /** epoch ms */
  readonly expiresAt: number;
}

/** Where the API is and how to reach it (fetch: Electron's net.fetch in the app). */
export interface SelvbetjeningEndpoint {
  readonly apiUrl: string;
  readonly fetch: typeof fetch;
}

export async function createClientDraft(
  endpoint: SelvbetjeningEndpoint,
  apiKey: string,
  draft: ClientDraft,
  signal?: AbortSignal,
): Promise<{ clientId: string }> {
  let response: Response;
  try {
    response = await endpoint.fetch(`${endpoint.apiUrl}/v1/client-drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'api-key': apiKey },
      // NHN's sample posts the public JWK as a JSON string (ClientDraft.PublicJwk is a string)
      body: JSON.stringify({ ...draft, publicJwk: JSON.stringify(draft.publicJwk), audienceSpecificClientClaims: [] }),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (signal?.aborted) throw new AppError('setup-cancelled', { retriable: true });
    throw unreachable(err, 'client-drafts');
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new AppError('setup-api-key-rejected', { detail: { status: response.status } });
  }
  if (!response.ok) throw await problemError(response, 'client-drafts');
  const body = ((await answerJson(response, 'client-drafts')) ?? {}) as { clientId?: unknown };
  if (typeof body.clientId !== 'string' || body.clientId === '') {
    throw new AppError('selvbetjening-error', {
      detail: { operation: 'client-drafts', status: response.status, problem: 'no clientId in the answer' },
    });
  }
  return { clientId: body.clientId };
}

/** The calls made with the client's own DPoP token (a SelvbetjeningConnection supplies it). */
export interface AuthorizedCaller {
  call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Response>;
}

/** Selvbetjening's own answer for the client: each scope's status, and the child organizations it may assert. */
export interface ClientStatus {
  readonly scopes: ScopeStatus[];
  /** the registered child organizations (9 digits each); the only ones HelseID lets the client assert */
  readonly childOrganizationNumbers: string[];
}

export async function getClientStatus(caller: AuthorizedCaller): Promise<ClientStatus> {
  const response = await caller.call('GET', '/v1/client');
  if (!response.ok) throw await problemError(response, 'client');
  const body = ((await answerJson(response, 'client')) ?? {}) as {
    apiScopes?: unknown;
    childOrganizationNumbers?: unknown;
  };
  if (!Array.isArray(body.apiScopes))
    throw new AppError('selvbetjening-error', {
      retriable: true,
      detail: { operation: 'client', status: response.status, problem: 'the answer has no apiScopes list' },
    });
  const scopes = (body.apiScopes as { scope?: unknown; status?: unknown; statusReason?: unknown }[])
    .filter((s) => typeof s.scope === 'string')
    .map((s) => ({
      scope: s.scope as string,
      // C# enums arrive as "ok"/"Ok"/"pending"; anything not ok is not usable yet
      status: String(s.status).toLowerCase() === 'ok' ? ('ok' as const) : ('pending' as const),
      ...(typeof s.statusReason === 'string' && s.statusReason ? { reason: s.statusReason.slice(0, 200) } : {}),
    }));
  const children = Array.isArray(body.childOrganizationNumbers) ? body.childOrganizationNumbers : [];
  return {
    scopes,
    childOrganizationNumbers: children.filter((n): n is string => typeof n === 'string' && /^\d{9}$/.test(n)),
  };
}

export async function addClientSecret(caller: AuthorizedCaller, publicJwk: JWK): Promise<{ expiresAt: number }> {
  // HelseID.Library posts the public JWK as a JSON object
  const response = await caller.call('POST', '/v1/client-secret', publicJwk);
  if (!response.ok) throw await problemError(response, 'client-secret');
  const body = ((await answerJson(response, 'client-secret')) ?? {}) as { expiration?: unknown };
  const expiresAt = typeof body.expiration === 'string' ? Date.parse(body.expiration) : NaN;
  if (!Number.isFinite(expiresAt))
    throw new AppError('selvbetjening-error', {
      detail: { operation: 'client-secret', status: response.status, problem: 'no expiration in the answer' },
    });
  return { expiresAt };
}

export async function listClientSecrets(caller: AuthorizedCaller): Promise<ClientSecretInfo[]> {
  const response = await caller.call('GET', '/v1/client-secret');
  if (!response.ok) throw await problemError(response, 'client-secret');
  const body = await answerJson(response, 'client-secret');
  const list = Array.isArray(body) ? body : [];
  return list.flatMap((item: { kid?: unknown; jwkThumbprint?: unknown; expiration?: unknown }) => {
    const expiresAt = typeof item.expiration === 'string' ? Date.parse(item.expiration) : NaN;
    if (!Number.isFinite(expiresAt)) return [];
    return [
      {
        expiresAt,
        ...(typeof item.kid === 'string' ? { kid: item.kid } : {}),
        ...(typeof item.jwkThumbprint === 'string' ? { jwkThumbprint: item.jwkThumbprint } : {}),
      },
    ];
  });
}

/** Wraps openid-client's protected-resource call: Authorization: DPoP + proof with ath, one nonce retry. */
export function authorizedCaller(options: {
  apiUrl: string;
  configuration: oidc.Configuration;
  dpop: oidc.DPoPHandle;
  accessToken: () => Promise<string>;
}): AuthorizedCaller {
  return {
    async call(method, path, body) {
      const token = await options.accessToken();
      const headers = new Headers({ accept: 'application/json' });
      if (body !== undefined) headers.set('content-type', 'application/json');
      try {
        return await oidc.fetchProtectedResource(
          options.configuration,
          token,
          new URL(`${options.apiUrl}${path}`),
          method,
          body === undefined ? undefined : JSON.stringify(body),
          headers,
          { DPoP: options.dpop },
        );
      } catch (err) {
        if (err instanceof oidc.WWWAuthenticateChallengeError) {
          throw new AppError('selvbetjening-error', {
            detail: { operation: path, status: err.status, error: err.cause[0]?.parameters.error ?? 'challenge' },
            cause: err,
          });
        }
        if (err instanceof AppError) throw err;
        throw unreachable(err, path);
      }
    },
  };
}
