// Can this workstation open Kjernejournal? Two things IT can check without a patient: the login
// service (Kjernejournal Innlogging) answers at all — any HTTP answer will do, it is the network,
// TLS and the address that are in question — and HelseID accepts a pushed authorization request for
// the portal's resource and scopes (nhn:kjernejournal/innlogging + tillitsrammeverk), thrown away
// like the client probe's (client-probe.ts): a client without those scopes is refused there.
import type { HelseIdConfig, KjernejournalPortalConfig } from '../config/config-schema.ts';
import { probeClient, type ClientProbe } from './client-probe.ts';

export interface PortalProbe {
  readonly name: 'kjernejournal';
  readonly innloggingUrl: string;
  readonly portalUrl: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  /** the login service answered (with any HTTP status) */
  readonly reachable: boolean;
  readonly status?: number;
  /** the network or TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED …) */
  readonly cause?: string;
  /** HelseID's answer to a PAR for the portal's resource and scopes; undefined: not asked */
  readonly scopesAccepted?: ClientProbe;
}

async function answers(url: string, fetchImpl: typeof fetch, timeoutMs: number) {
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    return { reachable: true, status: response.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause?.code ?? (err as { name?: unknown }).name;
    return { reachable: false, ...(typeof cause === 'string' ? { cause } : {}) };
  }
}

export async function probeKjernejournal(
  config: HelseIdConfig,
  portal: KjernejournalPortalConfig,
  fetchImpl: typeof fetch,
  timeoutMs: number,
  askHelseId: boolean,
): Promise<PortalProbe> {
  const base = portal.innlogging_url.endsWith('/') ? portal.innlogging_url : `${portal.innlogging_url}/`;
  // the create endpoint takes POST only: a GET's answer (405, 401, 404 …) says it is there
  const [reach, scopesAccepted] = await Promise.all([
    answers(new URL('api/session/create', base).href, fetchImpl, timeoutMs),
    askHelseId
      ? probeClient({ ...config, apis: [], portals: { kjernejournal: portal } }, fetchImpl, timeoutMs)
      : undefined,
  ]);
  return {
    name: 'kjernejournal',
    innloggingUrl: portal.innlogging_url,
    portalUrl: portal.portal_url,
    resource: portal.resource,
    scopes: [...portal.scopes],
    ...reach,
    ...(scopesAccepted ? { scopesAccepted } : {}),
  };
}
