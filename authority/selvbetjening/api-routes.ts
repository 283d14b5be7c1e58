// The Selvbetjening API (NHN: api.selvbetjening[.test].nhn.no), as Selvbetjening.Samples and
// HelseID.Library call it:
//   POST /v1/client-drafts   header api-key            → {clientId}
//   GET  /v1/client          DPoP token, scope nhn:selvbetjening/client → the configuration, per-scope status
//   PUT  /v1/client          same token                → replaces the configuration
//   POST /v1/client-secret   same token, public JWK    → {expiration}
//   GET  /v1/client-secret   same token                → [{expiration, kid, jwkThumbprint, origin}]
// Every refusal is an RFC 7807 problem naming the rule that failed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GuardError, type ApiGuard, type GuardSuccess } from '../api-guard/index.ts';
import type { ClientRegistry, ProvisionedClient } from './client-registry.ts';
import { ProblemError, validationProblem, sendProblem } from './problem.ts';
import { parseClientDraft, parseClientSecret, parseClientUpdate } from './request-bodies.ts';
import type { SelvbetjeningKnobs } from './knobs.ts';

export interface ApiRouteDeps {
  registry: ClientRegistry;
  apiKey: string;
  guard: ApiGuard;
  /** the API's public origin, for the guard's htu check */
  origin: () => string;
  knobs: () => Readonly<SelvbetjeningKnobs>;
  now: () => number;
  log: (line: string) => void;
}

const BODY_LIMIT = 64 * 1024;
/** how many unexpired keys a client may hold at once (UNCONFIRMED for NHN; a rotation needs two) */
export const MAX_VALID_KEYS = 5;

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT)
      throw new ProblemError(413, 'Payload Too Large', `the request body exceeds ${BODY_LIMIT} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new ProblemError(400, 'Bad Request', 'the request body is empty: expected JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError(400, 'Bad Request', 'the request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sameSecret(a: string, b: string): boolean {
  // hashes first: timingSafeEqual needs equal lengths, and the length must not leak either
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function checkApiKey(req: IncomingMessage, d: ApiRouteDeps): void {
  const header = req.headers['api-key'];
  if (header === undefined)
    throw new ProblemError(
      401,
      'Unauthorized',
      'the "api-key" header is missing: client drafts need the client system\'s API key',
    );
  if (Array.isArray(header) || !sameSecret(header, d.apiKey))
    throw new ProblemError(
      401,
      'Unauthorized',
      'the "api-key" header does not hold a valid API key of a client system',
    );
  if (d.knobs().clientSystemTenancy === 'multi-tenant') {
    throw new ProblemError(
      403,
      'Forbidden',
      'this client system is multi-tenant: a multi-tenant client system cannot create client drafts',
    );
  }
}

/**
 * Every client has its own key pair (NHN: "Each installation has its own client_id and key pair"):
 * a public key another client registered is refused, so one stolen key never speaks for two clients.
 */
function refuseSharedKey(d: ApiRouteDeps, jwkThumbprint: string, clientId?: string): void {
  if (d.registry.keyOwner(jwkThumbprint, clientId))
    throw new ProblemError(
      409,
      'Conflict',
      'this public key is already registered for another client: every client needs its own key pair (generate a new one)',
    );
}

async function createDraft(req: IncomingMessage, res: ServerResponse, d: ApiRouteDeps): Promise<void> {
  checkApiKey(req, d);
  const draft = await parseClientDraft(await readJsonBody(req));
  refuseSharedKey(d, draft.key.jwkThumbprint);
  const client = await d.registry.createDraft({
    organizationNumber: draft.organizationNumber,
    postClientConfirmationRedirectUri: draft.postClientConfirmationRedirectUri,
    apiScopes: draft.apiScopes,
    audienceSpecificClientClaims: draft.audienceSpecificClientClaims.map((c) => ({
      claimType: c.claimType,
      activeClaimValue: c.value,
      pendingClaimValue: null,
    })),
    redirectUris: draft.redirectUris,
    postLogoutRedirectUris: draft.postLogoutRedirectUris,
    childOrganizationNumbers: draft.childOrganizationNumbers,
    key: draft.key,
  });
  d.log(
    `selvbetjening: client draft ${client.clientId} created for organization ${client.organizationNumber} (scopes ${client.apiScopes.join(' ')}; key ${draft.key.kid})`,
  );
  sendJson(res, 200, { clientId: client.clientId });
}

async function authorize(
  req: IncomingMessage,
  d: ApiRouteDeps,
): Promise<{ accepted: GuardSuccess; client: ProvisionedClient }> {
  const result = await d.guard.verify({
    method: req.method ?? 'GET',
    url: `${d.origin()}${req.url ?? '/'}`,
    headers: req.headers,
  });
  if (result instanceof GuardError) throw result;
  const clientId = result.clientId ?? '';
  const client = d.registry.get(clientId);
  if (!client || client.state !== 'confirmed') {
    throw new ProblemError(
      404,
      'Not Found',
      `client "${clientId}" has no configuration in this Selvbetjening (only clients created through POST /v1/client-drafts and confirmed have one)`,
    );
  }
  return { accepted: result, client };
}

/** GET /v1/client's body, in the shape of NHN's CurrentClient model. */
export function currentClientView(client: ProvisionedClient, knobs: Readonly<SelvbetjeningKnobs>) {
  return {
    apiScopes: client.apiScopes.map((scope) =>
      scope === knobs.pendingScope
        ? {
            scope,
            status: 'pending',
            statusReason:
              "Access to this scope waits for the API owner's approval (embedded environment: the pending-scope knob).",
          }
        : { scope, status: 'ok', statusReason: null },
    ),
    audienceSpecificClientClaims: client.audienceSpecificClientClaims.map((c) => {
      const status = c.pendingClaimValue === null ? 'ok' : c.activeClaimValue === null ? 'pending' : 'updatePending';
      return {
        claimType: c.claimType,
        activeClaimValue: c.activeClaimValue,
        pendingClaimValue: c.pendingClaimValue,
        status,
        statusReason: status === 'ok' ? null : "The claim value waits for the API owner's approval.",
      };
    }),
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    childOrganizationNumbers: client.childOrganizationNumbers,
  };
}

async function getClient(req: IncomingMessage, res: ServerResponse, d: ApiRouteDeps): Promise<void> {
  const { client } = await authorize(req, d);
  sendJson(res, 200, currentClientView(client, d.knobs()));
}

async function putClient(req: IncomingMessage, res: ServerResponse, d: ApiRouteDeps): Promise<void> {
  const { client } = await authorize(req, d);
  const update = parseClientUpdate(await readJsonBody(req));
  refuseUnconfirmedAdditions(client, update);
  const updated = await d.registry.replaceConfiguration(client.clientId, update);
  d.log(`selvbetjening: client ${client.clientId} configuration replaced (scopes ${updated.apiScopes.join(' ')})`);
  sendJson(res, 200, currentClientView(updated, d.knobs()));
}

/**
 * What a person confirmed for the organization — the units the client may speak for, the addresses
 * the login may return to — is not widened by the client itself: PUT may remove a child
 * organization or a redirect URI, not add one (our assumption: NHN documents PUT as "replaces the
 * whole configuration" and requires a person's confirmation for a new client; letting the API add
 * units and addresses unconfirmed would undo that confirmation). Adding needs a new client draft.
 */
function refuseUnconfirmedAdditions(
  client: { childOrganizationNumbers: string[]; redirectUris: string[]; postLogoutRedirectUris: string[] },
  update: { childOrganizationNumbers: string[]; redirectUris: string[]; postLogoutRedirectUris: string[] },
): void {
  const added = (field: 'childOrganizationNumbers' | 'redirectUris' | 'postLogoutRedirectUris') =>
    update[field].filter((v) => !client[field].includes(v));
  const errors: Record<string, string[]> = {};
  for (const field of ['childOrganizationNumbers', 'redirectUris', 'postLogoutRedirectUris'] as const) {
    const extra = added(field);
    if (extra.length)
      errors[field] = [
        `adds ${extra.join(', ')}, which nobody confirmed for the organization: removing is allowed, adding needs a new client draft confirmed in Selvbetjening`,
      ];
  }
  if (Object.keys(errors).length) throw validationProblem(errors);
}

async function postSecret(req: IncomingMessage, res: ServerResponse, d: ApiRouteDeps): Promise<void> {
  const { client } = await authorize(req, d);
  const key = await parseClientSecret(await readJsonBody(req));
  refuseSharedKey(d, key.jwkThumbprint, client.clientId);
  const same = client.keys.find((k) => k.jwkThumbprint === key.jwkThumbprint || k.kid === key.kid);
  if (same) {
    throw new ProblemError(
      409,
      'Conflict',
      same.jwkThumbprint === key.jwkThumbprint
        ? `this public key is already registered for the client (kid "${same.kid}"): generate a new key pair`
        : `kid "${key.kid}" is already used by another key of the client: give the new key its own kid`,
    );
  }
  const valid = client.keys.filter((k) => Date.parse(k.expiration) > d.now());
  if (valid.length >= MAX_VALID_KEYS) {
    throw new ProblemError(
      400,
      'Bad Request',
      `the client already has ${valid.length} valid keys (at most ${MAX_VALID_KEYS}): let old keys expire first`,
    );
  }
  const record = await d.registry.addKey(client.clientId, key);
  d.log(`selvbetjening: client ${client.clientId} got key ${record.kid} (expires ${record.expiration})`);
  sendJson(res, 200, { expiration: record.expiration });
}

async function getSecrets(req: IncomingMessage, res: ServerResponse, d: ApiRouteDeps): Promise<void> {
  const { client } = await authorize(req, d);
  sendJson(
    res,
    200,
    client.keys.map((k) => ({
      expiration: k.expiration,
      kid: k.kid,
      jwkThumbprint: k.jwkThumbprint,
      origin: k.origin,
    })),
  );
}

type Handler = (req: IncomingMessage, res: ServerResponse, d: ApiRouteDeps) => Promise<void>;

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/v1/client-drafts': { POST: createDraft },
  '/v1/client': { GET: getClient, PUT: putClient },
  '/v1/client-secret': { GET: getSecrets, POST: postSecret },
};

/** Answers a request under /v1; returns false when the path is not an API path. */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  d: ApiRouteDeps,
): Promise<boolean> {
  if (!path.startsWith('/v1/')) return false;
  const route = ROUTES[path];
  try {
    if (!route)
      throw new ProblemError(
        404,
        'Not Found',
        `${path} is not an endpoint of the Selvbetjening API (${Object.keys(ROUTES).join(', ')})`,
      );
    const handler = route[req.method ?? 'GET'];
    if (!handler)
      throw new ProblemError(
        405,
        'Method Not Allowed',
        `${path} takes ${Object.keys(route).join(' or ')}, not ${req.method}`,
      );
    await handler(req, res, d);
  } catch (err) {
    if (err instanceof ProblemError) {
      d.log(`selvbetjening: ${req.method} ${path} refused: ${err.problem.status} ${err.problem.detail}`);
      sendProblem(res, err.problem);
    } else if (err instanceof GuardError) {
      d.log(`selvbetjening: ${req.method} ${path} refused: ${err.error}: ${err.message}`);
      sendProblem(
        res,
        {
          type: 'https://datatracker.ietf.org/doc/html/rfc6750#section-3.1',
          title: err.error,
          status: err.status,
          detail: err.message,
        },
        err.headers(d.guard.algorithms),
      );
    } else {
      throw err;
    }
  }
  return true;
}
