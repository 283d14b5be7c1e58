// The built-in "browser" for tests and headless use: redirects, cookies, meta refresh.
import { describe, expect, it } from 'vitest';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';

describe('follow browser', () => {
  it('followsRedirectsAndMetaRefreshWithCookies_untilAPageStays', async () => {
    const seen: { url: string; cookie: string | null }[] = [];
    let waits = 0;
    const fakeFetch = (async (input: URL | string, init?: RequestInit) => {
      const url = new URL(String(input));
      seen.push({ url: url.pathname, cookie: new Headers(init?.headers).get('cookie') });
      if (url.pathname === '/authorize')
        return new Response(null, {
          status: 303,
          headers: { location: '/interaction/1', 'set-cookie': '_i=abc; path=/; httponly' },
        });
      if (url.pathname === '/interaction/1' && waits++ < 2)
        return new Response('<meta http-equiv="refresh" content="0">waiting', { status: 200 });
      if (url.pathname === '/interaction/1')
        return new Response(null, { status: 303, headers: { location: 'http://127.0.0.1:9/callback?code=c' } });
      return new Response('done', { status: 200 });
    }) as typeof fetch;
    const problems: string[] = [];
    await followBrowser({ signal: new AbortController().signal, onProblem: (p) => problems.push(p), fetch: fakeFetch })(
      'http://127.0.0.1:8/authorize',
    );
    await expect.poll(() => seen.at(-1)?.url).toBe('/callback');
    expect(seen.map((s) => s.url)).toEqual([
      '/authorize',
      '/interaction/1',
      '/interaction/1',
      '/interaction/1',
      '/callback',
    ]);
    expect(seen.slice(1).every((s) => s.cookie === '_i=abc')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('cookies_goOnlyToTheHostAndPathThatSetThem_soTheBindingNeverReachesTheAuthority', async () => {
    // as a browser keeps them: the binding (Path=/hand-off/ on 127.0.0.1) comes back to the hand-off
    // page on another port, and never goes to the authority on its own host, nor to the callback
    const seen: { url: string; cookie: string | null }[] = [];
    const fakeFetch = (async (input: URL | string, init?: RequestInit) => {
      const url = new URL(String(input));
      seen.push({ url: url.host + url.pathname, cookie: new Headers(init?.headers).get('cookie') });
      const at = url.host + url.pathname;
      if (at === '127.0.0.1:8/hand-off/1')
        return new Response(null, { status: 303, headers: { location: 'https://helseid.example/authorize' } });
      if (at === 'helseid.example/authorize')
        return new Response(null, {
          status: 302,
          headers: { location: 'http://127.0.0.1:9/callback?code=c', 'set-cookie': 'idsrv=s; path=/' },
        });
      if (at === '127.0.0.1:9/callback')
        return new Response('<meta http-equiv="refresh" content="0;url=https://helseid.example/next">', {
          headers: { 'set-cookie': 'helseid_desktop_browser=b; Path=/hand-off/; HttpOnly; SameSite=Strict' },
        });
      if (at === 'helseid.example/next')
        return new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:10/hand-off/2' } });
      return new Response('done');
    }) as typeof fetch;
    await followBrowser({ signal: new AbortController().signal, onProblem: () => {}, fetch: fakeFetch })(
      'http://127.0.0.1:8/hand-off/1',
    );
    await expect.poll(() => seen.at(-1)?.url).toBe('127.0.0.1:10/hand-off/2');
    expect(seen).toEqual([
      { url: '127.0.0.1:8/hand-off/1', cookie: null },
      { url: 'helseid.example/authorize', cookie: null },
      { url: '127.0.0.1:9/callback', cookie: null },
      { url: 'helseid.example/next', cookie: 'idsrv=s' },
      { url: '127.0.0.1:10/hand-off/2', cookie: 'helseid_desktop_browser=b' },
    ]);
  });

  it('refusesNonHttpUrls', async () => {
    const open = followBrowser({ signal: new AbortController().signal, onProblem: () => {} });
    await expect(open('file:///etc/passwd')).rejects.toMatchObject({ code: 'browser-open-failed' });
  });
});

describe('follow browser: forms that opt in', () => {
  it('submitsTheDataFollowSubmitForm_withItsFieldsAndTheDefaultButton_thenFollowsTheRedirect', async () => {
    const seen: { method: string; url: string; body?: string; cookie: string | null }[] = [];
    const page = `<form method="post" action="/portal/confirm-client/c1" data-follow-submit>
      <input name="pid" value="13827099801"><input type="hidden" name="lang" value="nb">
      <button type="submit" name="decision" value="confirm" data-follow-default>Bekreft</button>
      <button type="submit" name="decision" value="refuse">Avvis</button></form>`;
    const fakeFetch = (async (input: URL | string, init?: RequestInit) => {
      const url = new URL(String(input));
      seen.push({
        method: init?.method ?? 'GET',
        url: url.pathname + url.search,
        ...(init?.body ? { body: String(init.body) } : {}),
        cookie: new Headers(init?.headers).get('cookie'),
      });
      if (url.pathname === '/portal/confirm-client/c1' && init?.method !== 'POST')
        return new Response(page, { status: 200, headers: { 'set-cookie': 's=1' } });
      if (url.pathname === '/portal/confirm-client/c1')
        return new Response(null, { status: 303, headers: { location: 'http://127.0.0.1:9/setup/x?status=Success' } });
      return new Response('received', { status: 200 });
    }) as typeof fetch;
    await followBrowser({ signal: new AbortController().signal, onProblem: () => {}, fetch: fakeFetch })(
      'http://127.0.0.1:8/portal/confirm-client/c1',
    );
    await expect.poll(() => seen.at(-1)?.url).toBe('/setup/x?status=Success');
    expect(seen[1]).toEqual({
      method: 'POST',
      url: '/portal/confirm-client/c1',
      body: 'pid=13827099801&lang=nb&decision=confirm',
      cookie: 's=1',
    });
  });

  it('leavesAFormWithoutTheMarkAlone', async () => {
    const seen: string[] = [];
    const fakeFetch = (async (input: URL | string) => {
      seen.push(String(input));
      return new Response('<form method="post" action="/x"><button>Go</button></form>', { status: 200 });
    }) as typeof fetch;
    await followBrowser({ signal: new AbortController().signal, onProblem: () => {}, fetch: fakeFetch })(
      'http://127.0.0.1:8/page',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['http://127.0.0.1:8/page']);
  });
});

describe('follow browser: a page that submits itself, and knowing when the pages are done', () => {
  it('submitsTheFormOfAPageWhoseScriptSubmitsIt_asABrowserRunsIt_andSettlesWhenThePageRests', async () => {
    const seen: { method: string; url: string; body?: string }[] = [];
    const page = `<form id="end-session" method="post" action="http://127.0.0.1:7/connect/endsession">
      <input type="hidden" name="id_token_hint" value="eyJ.x.y"><input type="hidden" name="client_id" value="c"></form>
      <script>document.getElementById('end-session').submit();</script>`;
    const fakeFetch = (async (input: URL | string, init?: RequestInit) => {
      const url = new URL(String(input));
      seen.push({
        method: init?.method ?? 'GET',
        url: url.pathname,
        ...(init?.body ? { body: String(init.body) } : {}),
      });
      if (url.pathname === '/end-session/secret') return new Response(page, { status: 200 });
      if (url.pathname === '/connect/endsession')
        return new Response(null, { status: 303, headers: { location: 'http://127.0.0.1:8/logged-out' } });
      return new Response('Du er logget ut – du kan lukke fanen', { status: 200 });
    }) as typeof fetch;
    const open = followBrowser({ signal: new AbortController().signal, onProblem: () => {}, fetch: fakeFetch });
    await open('http://127.0.0.1:8/end-session/secret');
    await open.settled(5_000);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /end-session/secret',
      'POST /connect/endsession',
      'GET /logged-out',
    ]);
    expect(seen[1]!.body).toBe('id_token_hint=eyJ.x.y&client_id=c');
  });

  it('settled_givesUpAfterItsLimit_onAPageThatNeverAnswers', async () => {
    const never = (() => new Promise<Response>(() => {})) as typeof fetch;
    const open = followBrowser({ signal: new AbortController().signal, onProblem: () => {}, fetch: never });
    await open('http://127.0.0.1:8/hangs');
    await expect(open.settled(20)).resolves.toBeUndefined();
  });
});
