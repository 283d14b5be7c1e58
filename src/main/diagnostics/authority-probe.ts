// Is the authority reachable, and how far off is this PC's clock? One discovery fetch, timed, with
// the clock difference read from the answer's Date header (HELSEID.md: clinic PCs are often minutes
// off, and proofs and assertions with a wrong iat are refused).
export interface AuthorityProbe {
  readonly reachable: boolean;
  /** HTTP status of the discovery document, when an answer came */
  readonly status?: number;
  /** wall time of the discovery fetch, ms */
  readonly ms?: number;
  /** the discovery document names the configured issuer exactly */
  readonly issuerMatches?: boolean;
  /** the issuer the discovery document names, when it is not the configured one */
  readonly discoveredIssuer?: string;
  /** why it is not reachable, in words for IT (no server body is quoted) */
  readonly problem?: string;
  /** the connection failed on its certificate (TLS), not on the network */
  readonly tls?: boolean;
  /** authority clock minus this PC's clock, seconds (±1: the Date header has whole seconds) */
  readonly skewSeconds?: number;
  readonly authorityDate?: string;
}

export async function probeAuthority(
  issuer: string,
  fetchImpl: typeof fetch,
  clock: () => number,
  timeoutMs: number,
): Promise<AuthorityProbe> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const sentAt = clock();
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const problem = networkProblem(err, timeoutMs);
    return { reachable: false, problem, ...(TLS_CODES.test(problem) ? { tls: true } : {}) };
  }
  const receivedAt = clock();
  const ms = receivedAt - sentAt;
  const date = Date.parse(response.headers.get('date') ?? '');
  const clockPart = Number.isFinite(date)
    ? {
        skewSeconds: Math.round((date - (sentAt + receivedAt) / 2) / 1000),
        authorityDate: new Date(date).toISOString(),
      }
    : {};
  const body = (await response.json().catch(() => undefined)) as { issuer?: unknown } | undefined;
  if (!response.ok || body === undefined) {
    return {
      reachable: false,
      status: response.status,
      ms,
      problem: response.ok ? 'discovery answer is not JSON' : `discovery answered HTTP ${response.status}`,
      ...clockPart,
    };
  }
  const matches = body.issuer === issuer;
  const named = !matches && typeof body.issuer === 'string' ? { discoveredIssuer: body.issuer.slice(0, 200) } : {};
  return { reachable: true, status: response.status, ms, issuerMatches: matches, ...named, ...clockPart };
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

function networkProblem(err: unknown, timeoutMs: number): string {
  if (err instanceof DOMException && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' ? `connection failed (${code})` : 'connection failed';
}
