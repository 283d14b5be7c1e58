// The emulated Kjernejournal Innlogging API: POST /api/session/create, /refresh, /end (utviklerportal,
// Kjernejournal portal → Innlogging → "Autentiseringsflyt"; NHN's reference client
// kjinnlogging/KjernejournalInnlogging.kt). Order of the checks: the endpoint, the headers, the
// proof's jti, the HelseID token and proof (api-guard: DPoP scheme, signature, aud nhn:kjernejournal
// and nothing else, scopes innlogging + tillitsrammeverk, a level-4 person, proof with ath, htm, htu,
// iat, unseen jti), the body, then the session. Every refusal is RFC 7807 problem details (and the
// guard's WWW-Authenticate challenge where the guard refused).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createApiGuard, GuardError, type GuardSuccess } from '../api-guard/index.ts';
import type { Faults } from '../faults.ts';
import { sendJson } from '../http/io.ts';
import { maskPid } from '../interactions/national-id.ts';
import { CLAIM, KJERNEJOURNAL } from '../settings.ts';
import { ProblemError, sendProblem } from '../selvbetjening/problem.ts';
import { checkHeaders, checkProofJti, parseCreateBody, parseSessionBody, readJson } from './innlogging-rules.ts';
import type { InnloggingSession, InnloggingSessions } from './sessions.ts';

export interface InnloggingApiOptions {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly faults: Faults;
  readonly sessions: InnloggingSessions;
  readonly log: (line: string) => void;
}

interface TrustFramework {
  practitioner?: { authorization?: { code?: unknown }; auhtorization?: { code?: unknown } };
  patients?: { identifier?: { id?: unknown } }[];
}

function trustFrameworkOf(claims: Readonly<Record<string, unknown>>): TrustFramework {
  const tf = claims[CLAIM.tillitsrammeverk];
  if (!tf || typeof tf !== 'object')
    throw new ProblemError(
      403,
      'Forbidden',
      'the access token carries no Tillitsrammeverk parameters: send nhn:tillitsrammeverk:parameters in the client assertion of the token request',
    );
  return tf as TrustFramework;
}

/** The patients the token's attest names (none: NHN's reference client sends only point_of_care). */
const patientsOf = (tf: TrustFramework) =>
  (tf.patients ?? []).map((p) => p.identifier?.id).filter((id): id is string => typeof id === 'string');

function assertSamePatient(tf: TrustFramework, patient: string, where: string): void {
  const named = patientsOf(tf);
  if (named.length > 0 && !named.includes(patient))
    throw new ProblemError(
      403,
      'Forbidden',
      `${where} is not the patient in the access token's Tillitsrammeverk parameters (patients[].identifier.id)`,
    );
}

function practitionerOf(accepted: GuardSuccess) {
  const claims = accepted.claims;
  const hpr = claims[CLAIM.hprNumber];
  return {
    pid: String(claims[CLAIM.pid]),
    name: typeof claims.name === 'string' ? claims.name : 'Ukjent helsepersonell',
    ...(typeof hpr === 'string' ? { hprNumber: hpr } : {}),
  };
}

/** A session of this practitioner's, or 404 (a session of someone else's is not said to exist). */
function ownSession(o: InnloggingApiOptions, accepted: GuardSuccess, sessionId: string): InnloggingSession {
  const session = o.sessions.get(sessionId);
  if (!session || session.practitioner.pid !== String(accepted.claims[CLAIM.pid]))
    throw new ProblemError(404, 'Not Found', 'no session with this sessionId for this practitioner');
  return session;
}

function assertActive(o: InnloggingApiOptions, session: InnloggingSession): void {
  const status = o.sessions.status(session);
  if (status !== 'active')
    throw new ProblemError(410, 'Gone', status === 'ended' ? 'the session has been ended' : 'the session expired');
}

export function innloggingApi(o: InnloggingApiOptions) {
  const guard = createApiGuard({
    issuer: o.issuer,
    audience: KJERNEJOURNAL.resource,
    jwksUri: o.jwksUri,
    requiredScopes: [KJERNEJOURNAL.innloggingScope, KJERNEJOURNAL.tillitsrammeverkScope],
    userEndpoint: true,
    now: () => o.faults.now(),
    jwksCooldownMs: 1_000,
  });

  const operations: Record<string, (accepted: GuardSuccess, body: unknown) => unknown> = {
    create(accepted, raw) {
      const body = parseCreateBody(raw);
      const tf = trustFrameworkOf(accepted.claims);
      const { patient_identifier: patient, practitioner_authorization: authorization } = body.claims;
      assertSamePatient(tf, patient.id, 'claims.patient_identifier');
      const tokenAuthorization = (tf.practitioner?.authorization ?? tf.practitioner?.auhtorization)?.code;
      if (typeof tokenAuthorization === 'string' && tokenAuthorization !== authorization.code)
        throw new ProblemError(
          403,
          'Forbidden',
          "claims.practitioner_authorization is not the authorization in the access token's Tillitsrammeverk parameters",
        );
      const session = o.sessions.create({
        practitioner: practitionerOf(accepted),
        patient: { id: patient.id, system: patient.system },
        basis: body.claims.access_basis.code,
        authorization: authorization.code,
        challenge: body.ehr_code_challenge,
      });
      o.log(
        `kjernejournal innlogging: session created for patient ${maskPid(patient.id)} (${session.basis}, ${session.authorization})`,
      );
      return { code: session.code, sessionId: session.sessionId };
    },
    refresh(accepted, raw) {
      const session = ownSession(o, accepted, parseSessionBody(raw).sessionId);
      assertActive(o, session);
      // the renewed token must still be for this session's patient
      const tf = trustFrameworkOf(accepted.claims);
      assertSamePatient(tf, session.patient.id, "the session's patient");
      o.sessions.refresh(session, patientsOf(tf).includes(session.patient.id));
      return { sessionId: session.sessionId };
    },
    end(accepted, raw) {
      const session = ownSession(o, accepted, parseSessionBody(raw).sessionId);
      assertActive(o, session);
      o.sessions.end(session);
      o.log(`kjernejournal innlogging: session ended (patient ${maskPid(session.patient.id)})`);
      return { sessionId: session.sessionId };
    },
  };

  return async (req: IncomingMessage, res: ServerResponse, base: string): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const operation = /^\/api\/session\/(create|refresh|end)$/.exec(url.pathname)?.[1];
    try {
      if (operation === undefined) throw new ProblemError(404, 'Not Found', `${url.pathname} is not an endpoint`);
      if (req.method !== 'POST') throw new ProblemError(405, 'Method Not Allowed', 'use POST');
      checkHeaders(req);
      checkProofJti(req);
      const accepted = await guard.verify({
        method: 'POST',
        url: `${base}${url.pathname}`,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
      });
      if (accepted instanceof GuardError) throw accepted;
      sendJson(res, 200, operations[operation]!(accepted, await readJson(req)));
    } catch (err) {
      if (err instanceof GuardError) {
        o.log(`kjernejournal innlogging refused ${url.pathname}: ${err.error}: ${err.message}`);
        const problem = new ProblemError(err.status, err.error, err.message).problem;
        return sendProblem(res, problem, err.headers(guard.algorithms));
      }
      if (err instanceof ProblemError) {
        o.log(`kjernejournal innlogging refused ${url.pathname}: ${err.problem.status}: ${err.problem.detail}`);
        return sendProblem(res, err.problem);
      }
      throw err;
    }
  };
}
