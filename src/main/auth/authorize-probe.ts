// Notices an authorization endpoint that is down while the person is in the browser (issue 13,
// item 8). After PAR the system browser loads /connect/authorize; if that answers 5xx (an outage, a
// deploy, an overloaded front door) the person sees HelseID's error page and nothing ever comes
// back to the loopback listener, so the login used to wait for its full timeout (or, for a card,
// fail later as "card not accepted").
//
// What the app can and cannot do about it, against ANY standards-conformant authority:
// - It must not load the authorize URL itself. The request_uri in it is one-time use at many
//   authorities (RFC 9126 §4: "SHOULD treat request_uri values as one-time use"; FAPI 2.0 profiles
//   do), so our GET would consume it and the browser's own load would then fail. (The FAPI working
//   group saw exactly that when virus scanners fetched PAR URIs first.)
// - It cannot shorten the login timeout: a clinician may legitimately spend minutes at the identity
//   provider (PIN, card middleware, BankID), and real HelseID reports no progress to the app.
// - Discovery or the JWKS being up says nothing about the authorization endpoint.
// So it asks the authorization endpoint itself, along the path the browser's request takes but with
// nothing real in it: our client_id and a request_uri that was never issued
// (urn:ietf:params:oauth:request_uri:probe-<random>). That creates and consumes nothing — the
// login's own request_uri is never sent —, and a working authority answers it with an error page
// (RFC 9126 §4: an unknown request_uri is refused; RFC 6749 §4.1.2.1: inform the person, do not
// redirect to the client): a 400, or a redirect to an error page that answers 200.
// Why not a request without parameters, as this file first did (issue 21, item 4): an authority
// whose authorization REQUESTS fail — the request_uri store, the client lookup, a front door that
// routes requests with a query elsewhere — still answers a bare GET with its "missing client_id"
// page, so the probes said "up" while every person saw HelseID's 503: a card login waited for the
// request_uri to expire (60 s) and then blamed the login page. The request has to look like the
// browser's to fail like the browser's.
// Redirects are followed (Electron's net.fetch fails on `redirect: 'manual'`, electron/electron#43715).
// Any answer below 500 means "up"; a 5xx or no answer at all, twice in a row a few seconds apart,
// means "down": the login then fails with authority-unreachable ("HelseID svarer ikke … prøv igjen om
// litt"). A single failed probe never ends a login that may be going well in the browser.
//
// When the login shows progress the app can see (the card back channel got its challenge, so the
// browser got past authorize), runLogin stops the probes. Against real HelseID there is no such
// signal, so they go on at a slow interval until the callback arrives or the login ends.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors/app-error.ts';
import { pause } from './outgoing-requests.ts';
import { linkSignals } from './linked-signal.ts';

export interface AuthorizeProbeTiming {
  /** the first probe, once the browser has had time to load the page */
  readonly firstAfterMs: number;
  /** after a failed probe: the one that confirms it */
  readonly confirmAfterMs: number;
  /** between probes while the endpoint answers */
  readonly intervalMs: number;
  /** a probe without an answer by then counts as failed */
  readonly timeoutMs: number;
}

export const AUTHORIZE_PROBE: AuthorizeProbeTiming = {
  firstAfterMs: 8_000,
  confirmAfterMs: 3_000,
  intervalMs: 30_000,
  timeoutMs: 10_000,
};

export interface AuthorizeProbeOptions {
  readonly authorizationEndpoint: string;
  /** ours: the probe walks the authority's client lookup as the browser's request does */
  readonly clientId: string;
  readonly fetch: typeof fetch;
  /** aborted when the probes are no longer needed (the login ended, or progress was seen) */
  readonly signal: AbortSignal;
  readonly timing?: Partial<AuthorizeProbeTiming>;
  readonly log: (line: string) => void;
}

/** A request_uri no authority issued (RFC 9126's URN prefix): it can only be refused. */
export const PROBE_REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:probe-';

type ProbeResult =
  { readonly up: true } | { readonly up: false; readonly detail: Readonly<Record<string, string | number>> };

/**
 * Rejects with authority-unreachable once two probes in a row found the authorization endpoint down.
 * Never resolves: race it against the callback. After `signal` aborts it stays pending.
 */
export function watchAuthorizationEndpoint(o: AuthorizeProbeOptions): Promise<never> {
  const timing = { ...AUTHORIZE_PROBE, ...o.timing };
  const forever = new Promise<never>(() => {});
  const watch = async (): Promise<never> => {
    await pause(timing.firstAfterMs, o.signal);
    for (let failedInARow = 0; ;) {
      const result = await probe(o, timing.timeoutMs);
      if (o.signal.aborted) return forever;
      if (result.up) {
        failedInARow = 0;
        await pause(timing.intervalMs, o.signal);
        continue;
      }
      failedInARow += 1;
      o.log(
        `authorization endpoint probe failed (${Object.values(result.detail).join(', ')})${failedInARow < 2 ? ': checking again' : ''}`,
      );
      if (failedInARow >= 2)
        throw new AppError('authority-unreachable', {
          retriable: true,
          detail: { operation: 'authorize', ...result.detail },
        });
      await pause(timing.confirmAfterMs, o.signal);
    }
  };
  return watch().catch((err: unknown) => (o.signal.aborted ? forever : Promise.reject(err)));
}

async function probe(o: AuthorizeProbeOptions, timeoutMs: number): Promise<ProbeResult> {
  const linked = linkSignals([o.signal], timeoutMs);
  try {
    // our client and a request_uri nobody issued: refused with an error page when up (see the top of this file)
    const url = new URL(o.authorizationEndpoint);
    url.searchParams.set('client_id', o.clientId);
    url.searchParams.set('request_uri', `${PROBE_REQUEST_URI_PREFIX}${randomBytes(16).toString('hex')}`);
    const response = await o.fetch(url, {
      method: 'GET',
      headers: { accept: 'text/html' },
      signal: linked.signal,
    });
    await response.body?.cancel().catch(() => {});
    return response.status >= 500 ? { up: false, detail: { status: response.status } } : { up: true };
  } catch (err) {
    // the network, a refused connection or our own time-out: no answer is "down" too
    return {
      up: false,
      detail: { problem: err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : 'no answer' },
    };
  } finally {
    linked.release();
  }
}
