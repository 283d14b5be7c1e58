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

  /** `form`: start with a POST of this form (a page's form submitted to `start`), not a GET. */
  async visit(start: URL | string, callbackPrefix: string, maxHops = 10, form?: URLSearchParams): Promise<BrowserStop> {
    let url = new URL(start);
    let post: URLSearchParams | undefined = form;
    for (let hop = 0; hop < maxHops; hop++) {
      if (!post && url.href.startsWith(callbackPrefix)) return { kind: 'callback', url, status: 0, body: '' };
      const cookie = this.cookieHeader();
      const res = await fetch(
        url,
        post
          ? {
              method: 'POST',
              redirect: 'manual',
              body: post,
              headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' },
            }
          : { redirect: 'manual', headers: cookie ? { cookie } : {} },
      );
      post = undefined;
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
        // pages that submit themselves by script (oidc-provider's form_post and logout confirmation,
        // the app's end-session page): do what a browser would, also when one leads to the next
        url = new URL(autoPost.action, url);
        post = autoPost.fields;
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
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    fields.append(m[1]!, m[2]!.replace(/&amp;/g, '&'));
  return { action: action.replace(/&amp;/g, '&'), fields };
}
