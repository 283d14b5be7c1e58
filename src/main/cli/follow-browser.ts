// `--browser follow`: a minimal stand-in for the system browser, for tests and headless machines.
// It GETs the authorization URL and follows redirects and <meta http-equiv="refresh"> with a cookie
// jar, which is all the embedded authority's pages need (the card page refreshes itself until the
// card has signed, then redirects to the loopback). It submits a form only when the page opts in
// with `data-follow-submit` (the embedded Selvbetjening's confirmation page: follow-form.ts), as a
// stand-in for the person pressing its default button. It runs no script: real pages need a real browser.
// Its cookies go where a browser's would: to the host that set them (any port, as browsers do) and
// under their Path — the app's browser binding (Path=/hand-off/ on 127.0.0.1) never reaches HelseID.
import { AppError } from '../../shared/errors/app-error.ts';
import { findFollowForm } from './follow-form.ts';

export interface FollowBrowserOptions {
  readonly signal: AbortSignal;
  readonly onProblem: (line: string) => void;
  readonly fetch?: typeof fetch;
  /** gives up after this many requests (a refresh a second: ten minutes) */
  readonly maxRequests?: number;
}

/** a page that shows its form again (a refused submission) must not loop */
const MAX_FORMS = 3;
const META_REFRESH = /<meta\s+http-equiv=["']?refresh["']?\s+content=["']?(\d+)(?:\s*;\s*url=([^"'>\s]+))?/i;

/** The follow browser: opens a page (returns at once, as a system browser does) and says when all are done. */
export interface FollowBrowser {
  (url: string): Promise<void>;
  /**
   * resolves when every page opened so far has come to rest (the login's tab, the end-session tab
   * after a refused login), or after `limitMs` — so a command does not stop its browser mid-page
   */
  settled(limitMs: number): Promise<void>;
}

export function followBrowser(o: FollowBrowserOptions): FollowBrowser {
  const fetchImpl = o.fetch ?? globalThis.fetch;
  const jar: StoredCookie[] = [];
  const cookieHeader = (url: URL) =>
    jar
      .filter((c) => c.host === url.hostname && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');

  async function browse(start: string): Promise<void> {
    let url = new URL(start);
    let form: URLSearchParams | undefined; // the next request submits this form (POST)
    let submitted = 0;
    for (let request = 0; request < (o.maxRequests ?? 600); request++) {
      const cookie = cookieHeader(url);
      const headers: Record<string, string> = cookie ? { cookie } : {};
      if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetchImpl(url, {
        redirect: 'manual',
        signal: o.signal,
        headers,
        ...(form ? { method: 'POST', body: form.toString() } : {}),
      });
      form = undefined;
      for (const line of res.headers.getSetCookie()) keep(jar, line, url);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      const html = await res.text();
      const follow = submitted < MAX_FORMS ? findFollowForm(html) : undefined;
      if (follow) {
        submitted++;
        const target = new URL(follow.action || url.href, url);
        if (follow.method === 'POST') form = follow.fields;
        else target.search = follow.fields.toString();
        url = target;
        continue;
      }
      const refresh = META_REFRESH.exec(html);
      if (!refresh) return; // a page that does not move on: the login's own page, or an error page
      await delay(Math.min(Number(refresh[1]) * 1000, 5_000), o.signal);
      if (refresh[2]) url = new URL(refresh[2].replace(/&amp;/g, '&'), url);
    }
    throw new Error('too many requests without reaching the end of the login');
  }

  const pages = new Set<Promise<void>>();
  const open = async (url: string) => {
    if (!/^https?:/.test(url))
      throw new AppError('browser-open-failed', { retriable: false, detail: { command: 'follow' } });
    // like a system browser: opening returns at once, the page goes its own way
    const page = browse(url).catch((err: unknown) => {
      if (!o.signal.aborted)
        o.onProblem(
          `follow browser stopped: ${(err as Error).name === 'TypeError' ? 'connection failed' : (err as Error).message}`,
        );
    });
    pages.add(page);
    void page.finally(() => pages.delete(page));
  };
  const settled = async (limitMs: number) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
    await Promise.race([Promise.all([...pages]).then(() => undefined), limit]);
    clearTimeout(timer);
  };
  return Object.assign(open, { settled });
}

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** host-only: cookies are per host, not per port (RFC 6265 §8.5) */
  readonly host: string;
  readonly path: string;
}

/** Stores one Set-Cookie line as a browser would (Domain is not honoured: host-only, the stricter choice). */
function keep(jar: StoredCookie[], line: string, url: URL): void {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  if (eq <= 0) return;
  const path = attributes.find((a) => /^path=\//i.test(a))?.slice(5) ?? (url.pathname.replace(/\/[^/]*$/, '') || '/');
  const cookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), host: url.hostname, path };
  const same = jar.findIndex((c) => c.name === cookie.name && c.host === cookie.host && c.path === cookie.path);
  if (same >= 0) jar.splice(same, 1);
  const expired = attributes.some((a) => /^max-age=(0|-)/i.test(a));
  if (!expired) jar.push(cookie);
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
