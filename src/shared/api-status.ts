// How a clinician reads one API: is it ready, still being fetched, waiting for approval, refused, or
// not answering — from its token's state and the last call's answer. Plain data in, a status out;
// the window words it (i18n) and puts the technical parts under "Detaljer for IT".
import type { ApiView } from './ipc/view-schemas.ts';

export type ApiStatus = 'ready' | 'fetching' | 'pending-approval' | 'no-access' | 'not-responding';

/** OAuth errors meaning "this client has asked for the API, and its owner has not approved it (yet)". */
const NOT_APPROVED = new Set(['invalid_scope', 'invalid_target', 'unauthorized_client']);

export function apiStatusOf(api: Pick<ApiView, 'state' | 'errorCode' | 'errorReason' | 'lastCall'>): ApiStatus {
  // 'fetching': the token is on its way (the session adds this state while a login fetches tokens)
  if (api.state === 'fetching') return 'fetching';
  const call = api.lastCall;
  if (call?.error) return call.error.code === 'api-refused' ? 'no-access' : 'not-responding';
  if (call && (call.status === 401 || call.status === 403)) return 'no-access';
  if (call && (call.status >= 500 || call.status === 429 || call.status === 0)) return 'not-responding';
  if (api.state === 'error') {
    if (api.errorReason && NOT_APPROVED.has(api.errorReason)) return 'pending-approval';
    // HelseID not answering, or asking us to wait (rate limit): not a matter of access
    return api.errorCode === 'authority-unreachable' || api.errorCode === 'authority-busy'
      ? 'not-responding'
      : 'no-access';
  }
  return 'ready';
}

/** The error text code for an API's HTTP answer (friendly words by status), undefined for success. */
export function apiAnswerCode(status: number): string | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 401) return 'api-answer-unauthorized';
  if (status === 403) return 'api-answer-forbidden';
  if (status === 404) return 'api-answer-not-found';
  if (status === 429) return 'api-answer-busy';
  if (status >= 500) return 'api-answer-unavailable';
  return 'api-answer-error';
}
