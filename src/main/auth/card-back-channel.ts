// The embedded authority's smart-card back channel (discovery: helseid_desktop_card_endpoint).
// While the browser shows the card IdP page, the app fetches the challenge for its request_uri, has
// the card sign it (Web eID token, via the injected cardAuthenticator: PIN prompt + card), and posts
// the token back; the waiting page then completes the login. Real HelseID has no such endpoint: there
// the IdP and the card middleware handle the card in the browser.
import { AppError } from '../../shared/errors/app-error.ts';
import type { LoginStep } from '../../shared/session-types.ts';
import { toAuthError } from './map-auth-error.ts';
import { descriptionDetail } from './authority-description.ts';
import { linkSignals } from './linked-signal.ts';

export interface CardChallengeRequest {
  readonly challenge: string;
  readonly origin: string;
  readonly idp: string;
}

/** Returns a Web eID authentication token ("web-eid:1.0") signed by the card. */
export type CardAuthenticator = (request: CardChallengeRequest) => Promise<unknown>;

export interface CardBackChannelOptions {
  readonly endpoint: string;
  readonly requestUri: string;
  /** adds client_id + a fresh client assertion to the form */
  readonly authenticate: (form: URLSearchParams) => Promise<void>;
  readonly cardAuthenticator: CardAuthenticator;
  readonly fetch: typeof fetch;
  readonly signal: AbortSignal;
  readonly onProgress: (step: LoginStep) => void;
  readonly pollIntervalMs?: number;
  /** each request's own limit (default 15 s): a stalled authority fails the login as unreachable
   * instead of holding it until the overall login timeout */
  readonly requestTimeoutMs?: number;
}

const POLL_MS = 1_000;
export const CARD_REQUEST_TIMEOUT_MS = 15_000;

/** Resolves once the authority accepted the card's token; rejects with an AppError, or on abort. */
export async function runCardBackChannel(o: CardBackChannelOptions): Promise<void> {
  o.onProgress('waiting-for-card');
  const challenge = await pollForChallenge(o);
  o.onProgress('card-signing');
  const authToken = await o.cardAuthenticator(challenge);
  // the token object as JSON (an authenticator that already serialized it is passed through)
  const answer = await post(o, 'token', {
    auth_token: typeof authToken === 'string' ? authToken : JSON.stringify(authToken),
  });
  if (!answer.ok) throw cardError(answer.status, answer.body);
}

async function pollForChallenge(o: CardBackChannelOptions): Promise<CardChallengeRequest> {
  for (;;) {
    const answer = await post(o, 'challenge', {});
    if (answer.ok) {
      const { challenge, origin, idp } = answer.body;
      if (typeof challenge !== 'string' || typeof origin !== 'string') {
        throw new AppError('authority-error', {
          detail: { operation: 'card', problem: 'challenge response malformed' },
        });
      }
      return { challenge, origin, idp: typeof idp === 'string' ? idp : '' };
    }
    if (answer.body['error'] !== 'authorization_pending') throw cardError(answer.status, answer.body);
    await delay(o.pollIntervalMs ?? POLL_MS, o.signal);
  }
}

async function post(o: CardBackChannelOptions, action: 'challenge' | 'token', fields: Record<string, string>) {
  const form = new URLSearchParams({ ...fields, request_uri: o.requestUri });
  await o.authenticate(form); // a new assertion for every request (single-use jti)
  let response: Response;
  const linked = linkSignals([o.signal], o.requestTimeoutMs ?? CARD_REQUEST_TIMEOUT_MS);
  try {
    try {
      response = await o.fetch(`${o.endpoint.replace(/\/$/, '')}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: linked.signal,
      });
    } catch (err) {
      if (o.signal.aborted) throw new AppError('login-cancelled', { retriable: true, cause: err });
      // our own time-out (TimeoutError) or the network: the authority is not answering
      throw toAuthError(err, 'card');
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { ok: response.ok, status: response.status, body };
  } finally {
    linked.release();
  }
}

function cardError(status: number, body: Record<string, unknown>): AppError {
  const error = typeof body['error'] === 'string' ? body['error'] : 'unknown';
  // A 5xx says nothing about the card: the authority is unavailable, not refusing the signature.
  if (status >= 500)
    return new AppError('authority-unreachable', { retriable: true, detail: { operation: 'card', status, error } });
  return new AppError(CARD_REFUSALS[error] ?? 'authority-error', {
    retriable: true,
    detail: { operation: 'card', status, error, ...descriptionDetail(body['error_description']) },
  });
}

/**
 * Only a refused Web eID token is the card's fault. The request_uri having expired before the browser
 * reached the card page (`invalid_request_uri`, RFC 9101's name for an unusable request_uri) means the
 * login page expired: the person starts again; anything else (`invalid_client`, an unknown
 * request_uri) is the authority refusing the app, not the card.
 */
const CARD_REFUSALS: Readonly<Record<string, 'card-authentication-failed' | 'login-page-expired'>> = {
  invalid_token: 'card-authentication-failed',
  invalid_request_uri: 'login-page-expired',
};

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AppError('login-cancelled', { retriable: true }));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('login-cancelled', { retriable: true }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
