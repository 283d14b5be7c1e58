// A fetch that counts a client's HTTP requests by endpoint, and notes the DPoP nonce challenges
// (400/401 with use_dpop_nonce) — the round trips a nonce cache saves. Tokens are never looked at.
export type EndpointKind = 'discovery' | 'jwks' | 'par' | 'token' | 'revocation' | 'api' | 'other';

export interface CountedRequest {
  readonly kind: EndpointKind;
  readonly status: number;
  readonly nonceChallenge: boolean;
  /** performance.now() when the answer arrived */
  readonly at: number;
}

function kindOf(url: URL, issuer: URL): EndpointKind {
  if (url.origin !== issuer.origin) return 'api';
  if (url.pathname.endsWith('/jwks')) return 'jwks';
  if (url.pathname.includes('/.well-known/')) return 'discovery';
  if (url.pathname.endsWith('/par')) return 'par';
  if (url.pathname.endsWith('/token')) return 'token';
  if (url.pathname.endsWith('/revocation')) return 'revocation';
  return 'other';
}

export function countingFetch(issuer: string) {
  const issuerUrl = new URL(issuer);
  let requests: CountedRequest[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const wrapped: typeof fetch = async (input, init) => {
    const sent = fetch(input, init);
    inFlight.add(sent);
    const response = await sent.finally(() => inFlight.delete(sent));
    const url = new URL(input instanceof Request ? input.url : String(input));
    const challenge =
      response.status >= 400 &&
      /use_dpop_nonce/.test(
        `${response.headers.get('www-authenticate') ?? ''}${response.headers.has('dpop-nonce') ? ' use_dpop_nonce' : ''}`,
      );
    requests.push({
      kind: kindOf(url, issuerUrl),
      status: response.status,
      nonceChallenge: challenge,
      at: performance.now(),
    });
    return response;
  };
  return {
    fetch: wrapped,
    /**
     * Resolves when no request is on the way: work a client left running in the background (a
     * logout's revocation, app start's fetches) is then counted where it belongs, not in the next login.
     */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    /**
     * Resolves once a request of `kind` has been answered (since the last take), then when none is
     * on the way. For background work that signs before it sends (a revocation's client assertion),
     * so nothing is in flight yet when the caller's await returns.
     */
    async settled(kind: EndpointKind, timeoutMs = 10_000): Promise<void> {
      const until = performance.now() + timeoutMs;
      while (!requests.some((r) => r.kind === kind)) {
        if (performance.now() > until) throw new Error(`bench: no ${kind} request within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await this.idle();
    },
    /** hands back what was counted since the last take, and starts over */
    take(): CountedRequest[] {
      const taken = requests;
      requests = [];
      return taken;
    },
  };
}

/** The test "system browser": follows redirects (TestIdP needs no cookies) and notes when it hits the loopback. */
export function timingBrowser() {
  let callbackAt = Number.NaN;
  const openExternal = async (url: string) => {
    void (async () => {
      let next = new URL(url);
      for (let hop = 0; hop < 12; hop++) {
        if (next.hostname === '127.0.0.1' && next.pathname === '/callback') callbackAt = performance.now();
        const res = await fetch(next, { redirect: 'manual' });
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) return;
        next = new URL(location, next);
      }
    })().catch(() => {});
  };
  return { openExternal, callbackAt: () => callbackAt };
}
