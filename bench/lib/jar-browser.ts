// The bench's "system browser": follows redirects with ONE cookie jar (the login's callback sets the
// app's binding cookie; the portal sets its own), counts its requests, and says when it has reached
// a page that satisfies a predicate. TestIdP needs no script; neither does the emulated portal.
export interface JarBrowserVisit {
  readonly url: string;
  /** the last page's body, once it stops redirecting */
  readonly page: Promise<{ readonly url: URL; readonly status: number; readonly body: string }>;
}

export function jarBrowser() {
  const jar = new Map<string, string>();
  let requests = 0;
  const visits: JarBrowserVisit[] = [];
  const browse = async (start: string) => {
    let url = new URL(start);
    for (let hop = 0; hop < 20; hop++) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      requests++;
      for (const line of res.headers.getSetCookie()) {
        const pair = line.split(';')[0] ?? '';
        const eq = pair.indexOf('=');
        if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      return { url, status: res.status, body: await res.text() };
    }
    throw new Error(`bench browser: more than 20 redirects from ${start}`);
  };
  return {
    visits,
    /** the system browser opening a URL: returns at once, the page goes its own way */
    openExternal: async (url: string) => {
      const page = browse(url);
      page.catch(() => {});
      visits.push({ url, page });
    },
    /** hands back the requests counted since the last take */
    take(): number {
      const n = requests;
      requests = 0;
      return n;
    },
  };
}
