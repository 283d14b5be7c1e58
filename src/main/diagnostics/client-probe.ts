// Does the authority accept THIS client? Reachable is not enough: an unknown client_id, a key HelseID
// does not have, or a clock it will not accept all make every login fail. The probe sends one pushed
// authorization request exactly as a login would (client assertion, DPoP, PKCE, the card issuer's
// acr_values) and throws the answer away; nobody is sent to the browser, and the request_uri expires
// unused. It tells apart: network (no answer), TLS (the connection's certificate was refused),
// clock (refused for time), and refusal (the authority answered with a status and an OAuth error).
import { TIME_WORDS } from '../auth/authority-description.ts';
import * as oidc from 'openid-client';
import { isAppError } from '../../shared/errors/app-error.ts';
import type { HelseIdConfig } from '../config/config-schema.ts';
import { assertionClaimsFor } from '../auth/assertion-details.ts';
import { authorizationRequestParameters } from '../auth/authorization-request.ts';
import { helseIdClientAuth } from '../auth/client-auth.ts';
import { clientConfiguration } from '../auth/client-configuration.ts';
import { importClientKey, readClientJwk } from '../keys/client-key.ts';
import { discover } from '../auth/discovery.ts';
import { createDpopSession } from '../dpop/dpop-session.ts';

export type ClientProbeOutcome = 'accepted' | 'refused' | 'clock' | 'tls' | 'network' | 'not-checked';

export interface ClientProbe {
  readonly outcome: ClientProbeOutcome;
  /** HTTP status of the refusal */
  readonly status?: number;
  /** the OAuth error code of the refusal (invalid_client, unauthorized_client, …) */
  readonly error?: string;
  /** the authority's error_description, for IT only (never shown to the clinician), cut short */
  readonly description?: string;
  /** the network or TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED, …) */
  readonly cause?: string;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i;

export async function probeClient(
  config: HelseIdConfig,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<ClientProbe> {
  const timedFetch: typeof fetch = (input, init) =>
    fetchImpl(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  try {
    const discovered = await discover(config.authority.issuer, timedFetch);
    const keyFile = config.client.private_jwk_path ?? '';
    const key = await importClientKey(await readClientJwk(keyFile), keyFile);
    const clientAuth = helseIdClientAuth(
      key,
      assertionClaimsFor(config, () => undefined),
    );
    const metadata: oidc.ClientMetadata = {
      client_id: config.client.client_id,
      [oidc.clockSkew]: discovered.clockSkewSeconds,
    };
    const configuration = clientConfiguration(config, discovered, metadata, clientAuth, timedFetch);
    const dpop = await createDpopSession(configuration);
    const parameters = authorizationRequestParameters({
      config,
      // loopback redirect URIs match on any port (RFC 8252); nothing listens, nothing is redirected
      redirectUri: 'http://127.0.0.1/callback',
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeChallenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      cardIssuer: 'buypass',
    });
    await oidc.buildAuthorizationUrlWithPAR(configuration, parameters, { DPoP: dpop.handle });
    return { outcome: 'accepted' };
  } catch (err) {
    return classify(err);
  }
}

function classify(err: unknown): ClientProbe {
  // the key could not be read: the client key check names that; the probe could not run
  if ((err as { code?: unknown }).code === 'client-key-invalid') return { outcome: 'not-checked' };
  // discovery answered, but not with a usable document (mapped by the app's own discovery)
  if (isAppError(err) && err.code === 'authority-error') {
    const status = err.detail?.['status'];
    return { outcome: 'refused', ...(typeof status === 'number' ? { status } : {}) };
  }
  if (err instanceof oidc.ResponseBodyError) {
    const description = err.error_description?.slice(0, 200);
    const base = { status: err.status, error: err.error, ...(description ? { description } : {}) };
    if (err.error === 'invalid_client' && TIME_WORDS.test(err.error_description ?? ''))
      return { outcome: 'clock', ...base };
    return { outcome: 'refused', ...base };
  }
  // an answer that is not OAuth JSON still carries its status: a refusal, not a network problem
  const response = (err as { cause?: unknown }).cause;
  if (response instanceof Response && response.status >= 400) return { outcome: 'refused', status: response.status };
  const cause = causeCode(err);
  if (cause && TLS_CODES.test(cause)) return { outcome: 'tls', cause };
  return { outcome: 'network', ...(cause ? { cause } : {}) };
}

/** The innermost error code (undici wraps the socket's error in cause, sometimes twice). */
function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  let found: string | undefined;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') found = code;
    if ((current as { name?: unknown }).name === 'TimeoutError') found ??= 'timeout';
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}
