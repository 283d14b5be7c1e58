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
  const wrapped: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const challenge = response.status >= 400 && /use_dpop_nonce/.test(`${response.headers.get('www-authenticate') ?? ''}${response.headers.has('dpop-nonce') ? ' use_dpop_nonce' : ''}`);
    requests.push({ kind: kindOf(url, issuerUrl), status: response.status, nonceChallenge: challenge, at: performance.now() });
    return response;
  };
  return {
    fetch: wrapped,
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
