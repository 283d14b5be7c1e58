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
// So it asks the authorization endpoint itself, with a request that carries NO parameters: that is
// no authorization request at all (no client_id, no request_uri), creates and consumes nothing, and
// a working authority answers it with an error page (RFC 6749 §4.1.2.1: inform the person, do not
// redirect to the client) — a 400, or a redirect to an error page that answers 200. Redirects are
// followed (Electron's net.fetch fails on `redirect: 'manual'`, electron/electron#43715). Any answer
// below 500 means "up"; a 5xx or no answer at all, twice in a row a few seconds apart, means "down":
// the login then fails with authority-unreachable ("HelseID svarer ikke … prøv igjen om litt").
// A single failed probe never ends a login that may be going well in the browser.
//
// When the login shows progress the app can see (the card back channel got its challenge, so the
// browser got past authorize), runLogin stops the probes. Against real HelseID there is no such
// signal, so they go on at a slow interval until the callback arrives or the login ends.
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
  readonly fetch: typeof fetch;
  /** aborted when the probes are no longer needed (the login ended, or progress was seen) */
  readonly signal: AbortSignal;
  readonly timing?: Partial<AuthorizeProbeTiming>;
  readonly log: (line: string) => void;
}

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
    // the endpoint exactly as discovery gives it, without parameters (see the top of this file)
    const response = await o.fetch(o.authorizationEndpoint, {
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
