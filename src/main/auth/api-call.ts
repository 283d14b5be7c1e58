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

/**
 * An answer is shown to IT, never processed further: more than this is not read at all (a runaway
 * API must not fill the app's memory). The first MAX_TEXT_BODY characters of it are shown, as text.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body, read up to MAX_BODY_BYTES; `complete` false when it is longer (the rest is not downloaded). */
async function readCapped(response: Response): Promise<{ text: string; complete: boolean }> {
  if (!response.body) return { text: '', complete: true };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES));
  return { text, complete: bytes <= MAX_BODY_BYTES };
}

async function readBody(response: Response): Promise<unknown> {
  const { text, complete } = await readCapped(response);
  if (!complete) return `${text.slice(0, MAX_TEXT_BODY)}…`;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // fall through: show it as text
    }
  }
  return text.length > MAX_TEXT_BODY ? `${text.slice(0, MAX_TEXT_BODY)}…` : text;
}
