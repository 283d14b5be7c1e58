// The request bodies of the Selvbetjening API, in the camelCase JSON NHN's C# models serialise to
// (Selvbetjening.Samples Common/Models: ClientDraft, ClientUpdate, AudienceSpecificClientClaim).
// Every rule that fails is named with its field, for the problem details' `errors`.
import { z } from 'zod';
import { API_DEFINITIONS, KJERNEJOURNAL, SELVBETJENING } from '../settings.ts';
import { validationProblem } from './problem.ts';
import { JwkProblem, parsePublicJwk, type PublicKeyRecord } from './public-jwk.ts';

/** Every API scope the embedded client system offers its installations. */
export const OFFERED_SCOPES: readonly string[] = [
  ...API_DEFINITIONS.flatMap((a) => a.scopes),
  KJERNEJOURNAL.innloggingScope,
  KJERNEJOURNAL.tillitsrammeverkScope,
  SELVBETJENING.clientScope,
];

const orgnr = z.string().regex(/^\d{9}$/, 'expected an organization number of 9 digits');
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function redirectUri(what: string) {
  return z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${what} must be an absolute URL` });
      return;
    }
    if (url.hash) ctx.addIssue({ code: 'custom', message: `${what} must not have a fragment` });
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
      ctx.addIssue({
        code: 'custom',
        message: `${what} with http must be a loopback address (127.0.0.1, [::1] or localhost); use https otherwise`,
      });
    else if (url.protocol !== 'http:' && url.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: `${what} must be http (loopback) or https` });
  });
}

/**
 * Where the browser goes after the person confirmed: back to the installation that made the draft,
 * on this machine. NHN's samples send http://localhost:<port>/<path>, and the parameters it replaced
 * were `redirectPort` and `redirectPath` — a port and a path on the local machine only. So a
 * loopback http address is required (our assumption: no document says "only loopback" in words);
 * any https site would receive the person's confirmation.
 */
function confirmationRedirectUri() {
  return z.string().superRefine((value, ctx) => {
    const url = URL.parse(value);
    if (!url || url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || url.hash || url.username || url.password)
      ctx.addIssue({
        code: 'custom',
        message:
          'postClientConfirmationRedirectUri must be an http address on this machine (http://127.0.0.1:<port>/…, http://localhost:<port>/…), without a fragment',
      });
  });
}

const apiScopes = z.array(
  z.string().refine((s) => OFFERED_SCOPES.includes(s), {
    message: `not an API scope of this client system (offered: ${OFFERED_SCOPES.join(', ')})`,
  }),
);
const audienceClaims = z.array(z.object({ key: z.string().min(1, 'expected the claim type'), value: z.string() }));

const draftSchema = z.object({
  organizationNumber: orgnr,
  publicJwk: z.unknown(),
  apiScopes: apiScopes.min(1, 'name at least one API scope'),
  audienceSpecificClientClaims: audienceClaims.nullish(),
  redirectUris: z.array(redirectUri('a redirect URI')).nullish(),
  postLogoutRedirectUris: z.array(redirectUri('a post-logout redirect URI')).nullish(),
  childOrganizationNumbers: z.array(orgnr).nullish(),
  postClientConfirmationRedirectUri: confirmationRedirectUri(),
});

const updateSchema = z.object({
  apiScopes: apiScopes.min(1, 'name at least one API scope'),
  audienceSpecificClientClaims: audienceClaims.nullish(),
  redirectUris: z.array(redirectUri('a redirect URI')).nullish(),
  postLogoutRedirectUris: z.array(redirectUri('a post-logout redirect URI')).nullish(),
  childOrganizationNumbers: z.array(orgnr).nullish(),
});

export interface ClientDraftBody {
  organizationNumber: string;
  key: PublicKeyRecord;
  apiScopes: string[];
  audienceSpecificClientClaims: { claimType: string; value: string }[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  childOrganizationNumbers: string[];
  postClientConfirmationRedirectUri: string;
}

export type ClientUpdateBody = Omit<
  ClientDraftBody,
  'organizationNumber' | 'key' | 'postClientConfirmationRedirectUri'
>;

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(body)';
}

function collect(error: z.ZodError | undefined, extra: Record<string, string[]> = {}): Record<string, string[]> {
  const errors: Record<string, string[]> = { ...extra };
  for (const issue of error?.issues ?? []) {
    const field = fieldName(issue.path);
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    (errors[field] ??= []).push(message);
  }
  return errors;
}

function notObject(body: unknown): boolean {
  return body === null || typeof body !== 'object' || Array.isArray(body);
}

/** POST /v1/client-drafts. Throws a validation ProblemError naming every failed field. */
export async function parseClientDraft(body: unknown): Promise<ClientDraftBody> {
  if (notObject(body)) throw validationProblem({ '(body)': ['expected a JSON object (a client draft)'] });
  const parsed = draftSchema.safeParse(body);
  const jwkErrors: Record<string, string[]> = {};
  let key: PublicKeyRecord | undefined;
  const raw = (body as Record<string, unknown>).publicJwk;
  if (raw === undefined || raw === null || raw === '') jwkErrors.publicJwk = ['is required'];
  else {
    try {
      key = await parsePublicJwk(raw);
    } catch (err) {
      if (!(err instanceof JwkProblem)) throw err;
      jwkErrors.publicJwk = [err.message];
    }
  }
  const errors = collect(parsed.error, jwkErrors);
  if (!parsed.success || !key || Object.keys(errors).length) throw validationProblem(errors);
  const d = parsed.data;
  return {
    organizationNumber: d.organizationNumber,
    key,
    apiScopes: [...new Set(d.apiScopes)],
    audienceSpecificClientClaims: (d.audienceSpecificClientClaims ?? []).map((c) => ({
      claimType: c.key,
      value: c.value,
    })),
    redirectUris: d.redirectUris ?? [],
    postLogoutRedirectUris: d.postLogoutRedirectUris ?? [],
    childOrganizationNumbers: d.childOrganizationNumbers ?? [],
    postClientConfirmationRedirectUri: d.postClientConfirmationRedirectUri,
  };
}

/** PUT /v1/client: the whole configuration; a null list means an empty one ("null means null"). */
export function parseClientUpdate(body: unknown): ClientUpdateBody {
  if (notObject(body)) throw validationProblem({ '(body)': ['expected a JSON object (the client configuration)'] });
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) throw validationProblem(collect(parsed.error));
  const d = parsed.data;
  return {
    apiScopes: [...new Set(d.apiScopes)],
    audienceSpecificClientClaims: (d.audienceSpecificClientClaims ?? []).map((c) => ({
      claimType: c.key,
      value: c.value,
    })),
    redirectUris: d.redirectUris ?? [],
    postLogoutRedirectUris: d.postLogoutRedirectUris ?? [],
    childOrganizationNumbers: d.childOrganizationNumbers ?? [],
  };
}

/** POST /v1/client-secret: the body is the public JWK itself, as an object or a JSON string. */
export async function parseClientSecret(body: unknown): Promise<PublicKeyRecord> {
  try {
    return await parsePublicJwk(body);
  } catch (err) {
    if (err instanceof JwkProblem) throw validationProblem({ '(body)': [`the public JWK ${err.message}`] });
    throw err;
  }
}
