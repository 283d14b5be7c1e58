// A minimal browser for the authorization leg: follows redirects with a cookie jar and stops at
// the loopback callback (which need not be listening) or at a page.
export interface BrowserStop {
  kind: 'callback' | 'page';
  url: URL;
  status: number;
  body: string;
}

export class CookieBrowser {
  readonly #jar = new Map<string, string>();

  #store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      this.#jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  cookieHeader(): string {
    return [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async visit(start: URL | string, callbackPrefix: string, maxHops = 10): Promise<BrowserStop> {
    let url = new URL(start);
    for (let hop = 0; hop < maxHops; hop++) {
      if (url.href.startsWith(callbackPrefix)) return { kind: 'callback', url, status: 0, body: '' };
      const cookie = this.cookieHeader();
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      this.#store(res);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        url = new URL(location, url);
        continue;
      }
      const body = await res.text();
      const autoPost = autoSubmittedForm(body);
      if (autoPost) {
        // oidc-provider's form_post pages submit themselves by script; do what a browser would
        const next = await fetch(new URL(autoPost.action, url), {
          method: 'POST', redirect: 'manual', body: autoPost.fields,
          headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        });
        this.#store(next);
        await next.arrayBuffer();
        url = new URL(next.headers.get('location') ?? url.href, url);
        continue;
      }
      return { kind: 'page', url, status: res.status, body };
    }
    throw new Error(`more than ${maxHops} redirects from ${start}`);
  }
}

function autoSubmittedForm(html: string): { action: string; fields: URLSearchParams } | undefined {
  if (!/\.submit\(\)/.test(html)) return undefined;
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields.append(m[1]!, m[2]!.replace(/&amp;/g, '&'));
  return { action: action.replace(/&amp;/g, '&'), fields };
}
