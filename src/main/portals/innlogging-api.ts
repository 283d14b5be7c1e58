// Kjernejournal Innlogging's three calls (utviklerportal, Kjernejournal portal → Innlogging →
// "Autentiseringsflyt"; NHN's reference client kjinnlogging/KjernejournalInnlogging.kt):
//   POST <innlogging_url>/api/session/create  {ehr_code_challenge, claims} → {code, sessionId}
//   POST <innlogging_url>/api/session/refresh {sessionId}   after every new access token
//   POST <innlogging_url>/api/session/end     {sessionId}   patient switch, logout, card out, quit
// Every call carries `Authorization: DPoP <token>` and a DPoP proof with `ath` (auth/portal-tokens.ts:
// openid-client's proofs, whose jti is 256 random bits — the service wants at least 96),
// X-SOURCE-SYSTEM (the EHR's name and version) and X-EVENT-ID (optional; ours: a random UUID, to
// find one request in the service's logs). The reference client's end call sends a proof without
// `ath`; the documents (RFC 9449 §4.2) want it with the token, and so it is sent.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors/app-error.ts';
import type { PortalRequest } from '../auth/portal-tokens.ts';
import { innloggingRefusal, innloggingUnreachable, type InnloggingOperation } from './innlogging-answer.ts';

export interface InnloggingConnection {
  /** innlogging_url from the configuration */
  readonly baseUrl: string;
  /** X-SOURCE-SYSTEM */
  readonly sourceSystem: string | undefined;
  /** sends with the portal's token (or, at the end of a session, the last one it held) */
  readonly request: PortalRequest;
  readonly log?: (line: string) => void;
}

export interface CreatedSession {
  /** one-time code for the portal's hentpasient.html (a secret until the portal has used it) */
  readonly code: string;
  readonly sessionId: string;
}

const SESSION_ID = /^[A-Za-z0-9._~+/=-]{1,256}$/;
const CODE = /^[\x21-\x7e]{1,2048}$/;

function endpoint(baseUrl: string, operation: InnloggingOperation): URL {
  return new URL(`api/session/${operation}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
}

async function send(connection: InnloggingConnection, operation: InnloggingOperation, body: object): Promise<Response> {
  const eventId = randomUUID();
  const headers = new Headers({
    'content-type': 'application/json',
    accept: 'application/json',
    'x-event-id': eventId,
  });
  // a missing source system is sent as missing: the service's refusal then says so
  if (connection.sourceSystem !== undefined) headers.set('x-source-system', connection.sourceSystem);
  let response: Response;
  try {
    response = await connection.request(endpoint(connection.baseUrl, operation), JSON.stringify(body), headers);
  } catch (err) {
    throw innloggingUnreachable(err, operation);
  }
  connection.log?.(`kjernejournal innlogging: session/${operation} answered ${response.status} (event ${eventId})`);
  if (response.status < 200 || response.status >= 300) throw await innloggingRefusal(response, operation);
  return response;
}

/** session/create: the patient, the authorization and the basis, bound to our PKCE challenge. */
export async function createSessionRequest(
  connection: InnloggingConnection,
  codeChallenge: string,
  claims: object,
): Promise<CreatedSession> {
  const response = await send(connection, 'create', { ehr_code_challenge: codeChallenge, claims });
  const answer = (await response.json().catch(() => undefined)) as { code?: unknown; sessionId?: unknown } | undefined;
  if (
    typeof answer?.code !== 'string' ||
    !CODE.test(answer.code) ||
    typeof answer.sessionId !== 'string' ||
    !SESSION_ID.test(answer.sessionId)
  )
    throw new AppError('portal-error', {
      detail: { operation: 'create', status: response.status, problem: 'the answer lacks a usable code and sessionId' },
    });
  return { code: answer.code, sessionId: answer.sessionId };
}

export async function refreshSessionRequest(connection: InnloggingConnection, sessionId: string): Promise<void> {
  const response = await send(connection, 'refresh', { sessionId });
  await response.body?.cancel();
}

export async function endSessionRequest(connection: InnloggingConnection, sessionId: string): Promise<void> {
  const response = await send(connection, 'end', { sessionId });
  await response.body?.cancel();
}
