// The card back channel advertised as `helseid_desktop_card_endpoint`: the desktop app fetches a
// challenge for its request_uri and returns a Web eID authentication token signed by the card.
// The waiting browser page completes the login once a token has verified.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readForm, sendJson } from '../http/io.ts';
import {
  ClientAuthError,
  verifyClientAssertion,
  type AssertionAudience,
  type ClientLookup,
} from '../provider/client-assertion.ts';
import { ParRegistry } from '../provider/par-registry.ts';
import { CardSessions } from './card-sessions.ts';
import { InvalidAuthToken, parseAuthToken, signatureMatches, verifyCertificate } from './web-eid-token.ts';
import type { CardTrust } from './trust.ts';
import { LIFETIMES } from '../settings.ts';
import type { RuleSettings } from '../rules.ts';

export interface CardEndpointDeps {
  origin: string;
  audience: AssertionAudience;
  clients: ClientLookup;
  unique: (iss: string, jti: string, exp: number) => Promise<boolean>;
  /** the strictness knobs, as at oidc-provider's endpoints */
  rules: () => RuleSettings;
  pars: ParRegistry;
  sessions: CardSessions;
  trust: CardTrust;
  now: () => number;
  log: (line: string) => void;
}

class BackChannelError extends Error {
  readonly status: number;
  readonly error: string;
  constructor(status: number, error: string, description: string) {
    super(description);
    this.status = status;
    this.error = error;
  }
}

async function authenticate(form: URLSearchParams, d: CardEndpointDeps) {
  try {
    await verifyClientAssertion(form, d.clients, d.audience, d.unique, d.rules());
  } catch (err) {
    if (err instanceof ClientAuthError) throw new BackChannelError(401, 'invalid_client', err.message);
    throw err;
  }
  const requestUri = form.get('request_uri') ?? '';
  const par = d.pars.byRequestUri(requestUri);
  if (!par || par.clientId !== form.get('client_id')) {
    throw new BackChannelError(400, 'invalid_request', 'request_uri is unknown, expired or belongs to another client');
  }
  const session = d.sessions.get(requestUri);
  if (!session && ParRegistry.expiredUnused(par, d.now())) {
    // The browser never got past /connect/authorize with it and now never will (oidc-provider shows
    // its invalid_request_uri page; nothing reaches the client's redirect_uri). Saying so ends the
    // app's wait at once, and the app must not read it as a card problem.
    const why = par.browserAuthorizeFailure
      ? ` (the browser's authorization request with it failed: ${par.browserAuthorizeFailure}, injected fault)`
      : '';
    throw new BackChannelError(
      400,
      'invalid_request_uri',
      `request_uri expired at ${new Date(par.requestUriExpiresAt).toISOString()} before the browser reached the card login page${why}: it lives ${par.lifetimeSeconds} s after the pushed authorization request; start a new login`,
    );
  }
  if (!session)
    throw new BackChannelError(400, 'authorization_pending', 'the browser has not reached the card login page yet');
  return session;
}

async function challenge(form: URLSearchParams, d: CardEndpointDeps): Promise<unknown> {
  const session = await authenticate(form, d);
  if (session.authenticatedPid) throw new BackChannelError(400, 'invalid_request', 'this login is already complete');
  const issued = d.sessions.issueChallenge(session, d.now());
  return { challenge: issued.value, origin: d.origin, expires_in: LIFETIMES.cardChallenge, idp: session.family };
}

async function token(form: URLSearchParams, d: CardEndpointDeps): Promise<unknown> {
  const session = await authenticate(form, d);
  try {
    const authToken = parseAuthToken(form.get('auth_token'));
    const { card, publicKey } = await verifyCertificate(authToken, session.family, d.trust, new Date(d.now()));
    const matched = [...session.challenges]
      .reverse()
      .find((c) => signatureMatches(authToken, publicKey, d.origin, c.value));
    if (!matched)
      throw new InvalidAuthToken('signature does not verify (over the hashes of origin and the current challenge)');
    const refusal = CardSessions.refusal(matched, d.now());
    if (refusal) throw new InvalidAuthToken(refusal);
    matched.state = 'used';
    session.authenticatedPid = card.personPid;
    session.lastError = undefined;
    d.log(`card login verified for card ${card.tokenLabel}`);
    return { status: 'ok' };
  } catch (err) {
    if (!(err instanceof InvalidAuthToken)) throw err;
    session.lastError = err.message;
    throw new BackChannelError(400, 'invalid_token', err.message);
  }
}

export function cardEndpoint(d: CardEndpointDeps) {
  return async (req: IncomingMessage, res: ServerResponse, action: string): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'use POST' });
    try {
      const form = await readForm(req);
      const handler = action === 'challenge' ? challenge : action === 'token' ? token : undefined;
      if (!handler) return sendJson(res, 404, { error: 'not_found', error_description: `no card action "${action}"` });
      sendJson(res, 200, await handler(form, d));
    } catch (err) {
      if (err instanceof BackChannelError) {
        if (err.error !== 'authorization_pending') d.log(`card ${action}: ${err.error}: ${err.message}`);
        return sendJson(res, err.status, { error: err.error, error_description: err.message });
      }
      throw err;
    }
  };
}
