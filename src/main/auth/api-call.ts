// A call to a HelseID-protected API with the session's DPoP-bound token for that API.
// openid-client adds `Authorization: DPoP <token>` and a proof (with ath), and retries once when the
// API asks for a DPoP nonce. A 401 invalid_token (the API saw the token expire before we did) gets one
// fresh token and one more try; nothing loops.
import * as oidc from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import type { ApiConfig } from '../config/config-schema.ts';
import { toAuthError } from './map-auth-error.ts';
import type { HelseIdSession } from './session.ts';

const MAX_TEXT_BODY = 4096;

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export function apiUrl(api: ApiConfig, path: string | undefined): URL {
  const base = new URL(api.base_url.endsWith('/') ? api.base_url : `${api.base_url}/`);
  const url = new URL((path ?? api.call_path ?? '/').replace(/^\//, ''), base);
  if (url.origin !== base.origin)
    throw new AppError('api-unknown', { detail: { api: api.name, problem: 'path leaves the API' } });
  return url;
}

/** What a call needs: a user session, or the machine tokens' connection (same shape). */
export type TokenSource = Pick<HelseIdSession, 'oidc' | 'dpop' | 'store'>;

export async function callApi(session: TokenSource, api: ApiConfig, path?: string): Promise<ApiResponse> {
  const url = apiUrl(api, path);
  const attempt = async (): Promise<ApiResponse> => {
    const token = await session.store.token(api.name);
    const response = await oidc.fetchProtectedResource(
      session.oidc,
      token.accessToken,
      url,
      'GET',
      undefined,
      new Headers({ accept: 'application/json' }),
      { DPoP: session.dpop.handle },
    );
    return { status: response.status, body: await readBody(response) };
  };
  try {
    return await attempt();
  } catch (err) {
    const mapped = toAuthError(err, 'api');
    if (
      mapped.code !== 'api-refused' ||
      mapped.detail?.['status'] !== 401 ||
      mapped.detail['error'] !== 'invalid_token'
    )
      throw mapped;
    await session.store.refresh(api.name);
    return attempt().catch((again: unknown) => Promise.reject(toAuthError(again, 'api')));
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // fall through: show it as text
    }
  }
  return text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}…` : text;
}
