// What Kjernejournal Innlogging demands of every request before it looks at the session, as strict
// as utviklerportal's "Autentiseringsflyt" words it (Kjernejournal portal → Innlogging):
// - X-SOURCE-SYSTEM: required, 3–512 characters, letters, digits, space and . , ( ) -
// - X-EVENT-ID: optional, at most 128 characters, letters, digits and hyphen
// - the DPoP proof's jti: "en Base64Url enkoding av minst 96 pseudorandom bits" (≥ 16 characters)
// and the bodies as NHN's reference client sends them (kjinnlogging/dto: CreateSessionRequest,
// RefreshSessionRequest). Every refusal names the rule; none echoes a value sent.
import { decodeJwt } from 'jose';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { GuardError } from '../api-guard/index.ts';
import { nationalIdKind } from '../interactions/national-id.ts';
import { ProblemError, validationProblem } from '../selvbetjening/problem.ts';

const SOURCE_SYSTEM = /^[\p{L}\p{N} .,()-]{3,512}$/u;
const EVENT_ID = /^[\p{L}\p{N}-]{1,128}$/u;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** 96 bits in base64url: 16 characters */
const MIN_JTI_LENGTH = 16;
const BODY_LIMIT = 64 * 1024;

/** F-, D- and H-number (Tillitsrammeverk §4.5.1); Kjernejournal's page names the first two */
export const PATIENT_SYSTEMS = [
  'urn:oid:2.16.578.1.12.4.1.4.1',
  'urn:oid:2.16.578.1.12.4.1.4.2',
  'urn:oid:2.16.578.1.12.4.1.4.3',
] as const;
export const ACCESS_BASES = ['SAMTYKKE', 'AKUTT', 'UNNTAK'] as const;
export const HPR_AUTHORIZATION_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.9060';

/** The one value of a header; a header sent twice is refused (which one would count?). */
function single(req: IncomingMessage, name: string): string | undefined {
  const values: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]!.toLowerCase() === name) values.push(req.rawHeaders[i + 1]!);
  if (values.length > 1) throw new ProblemError(400, 'Bad Request', `the ${name} header was sent more than once`);
  return values[0];
}

export function checkHeaders(req: IncomingMessage): void {
  const source = single(req, 'x-source-system');
  if (source === undefined)
    throw new ProblemError(400, 'Bad Request', 'X-SOURCE-SYSTEM is required: the EHR system’s name and version');
  if (!SOURCE_SYSTEM.test(source))
    throw new ProblemError(
      400,
      'Bad Request',
      'X-SOURCE-SYSTEM must be 3–512 characters of letters, digits, spaces and . , ( ) -',
    );
  const event = single(req, 'x-event-id');
  if (event !== undefined && !EVENT_ID.test(event))
    throw new ProblemError(400, 'Bad Request', 'X-EVENT-ID must be at most 128 characters of letters, digits and -');
}

/**
 * The proof's jti, read before the guard verifies the proof (a proof that does not decode is the
 * guard's to refuse). Refused as the guard refuses a proof: 401 invalid_dpop_proof.
 */
export function checkProofJti(req: IncomingMessage): void {
  const proof = req.headers.dpop;
  if (typeof proof !== 'string') return;
  let jti: unknown;
  try {
    jti = decodeJwt(proof).jti;
  } catch {
    return;
  }
  if (typeof jti !== 'string' || !BASE64URL.test(jti) || jti.length < MIN_JTI_LENGTH)
    throw new GuardError(
      'invalid_dpop_proof',
      'the DPoP proof jti must be the base64url encoding of at least 96 random bits (16 characters or more)',
    );
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json'))
    throw new ProblemError(415, 'Unsupported Media Type', 'the body must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new ProblemError(413, 'Payload Too Large', 'the body is larger than 64 KiB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new ProblemError(400, 'Bad Request', 'the body is not JSON');
  }
}

const coded = <T extends z.ZodType>(code: T, system: z.ZodType) => z.object({ code, system }).loose();

const createBody = z.object({
  ehr_code_challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a PKCE S256 code challenge (43 base64url characters)'),
  claims: z.object({
    patient_identifier: z
      .object({
        id: z
          .string()
          .refine(
            (id) => 'kind' in nationalIdKind(id),
            'must be a national id number (11 digits, a valid date, both check digits)',
          ),
        system: z.enum(PATIENT_SYSTEMS, { error: `must be one of ${PATIENT_SYSTEMS.join(', ')}` }),
      })
      .loose(),
    practitioner_authorization: coded(
      z.string().regex(/^[A-Z]{2}[0-9]?$/, 'must be an HPR authorization code (Volven 9060)'),
      z.literal(HPR_AUTHORIZATION_SYSTEM, { error: `must be ${HPR_AUTHORIZATION_SYSTEM}` }),
    ),
    access_basis: coded(z.enum(ACCESS_BASES, { error: `must be one of ${ACCESS_BASES.join(', ')}` }), z.string()),
  }),
});
export type CreateBody = z.infer<typeof createBody>;

const sessionBody = z.object({ sessionId: z.string().min(1).max(256) });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '(body)';
    // zod's own words for a missing field; never the value
    (errors[field] ??= []).push(issue.code === 'invalid_type' ? 'is required' : issue.message);
  }
  throw validationProblem(errors);
}

export const parseCreateBody = (value: unknown): CreateBody => parse(createBody, value);
export const parseSessionBody = (value: unknown): { sessionId: string } => parse(sessionBody, value);
