// Ending the HelseID session from the system browser without putting the ID token in a URL.
//
// `buildEndSessionUrl(id_token_hint)` puts the whole ID token — with the national id number — in the
// browser's address bar and history, on a shared workstation. Instead we open a page of our own on
// 127.0.0.1 (its URL carries only a random path), which POSTs the end-session form to HelseID: the
// ID token travels in the request body only. HelseID ends its session (the browser's cookie comes
// along: loopback pages are same-site) and sends the browser to our own "you are logged out – you can
// close the tab" page. The listener serves the form once, forgets the token, and closes after the
// logged-out page or a deadline, whichever comes first.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type PageLanguage = 'nb' | 'en';

export interface EndSessionPageOptions {
  readonly endSessionEndpoint: string;
  readonly idToken: string;
  readonly clientId: string;
  readonly language: PageLanguage;
  /** how long the page waits for the browser (and HelseID's redirect back) */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface EndSessionPage {
  /** http://127.0.0.1:<port>/end-session/<random>: open this in the system browser */
  readonly url: string;
  /** resolves when the logged-out page was shown, or the deadline passed */
  readonly done: Promise<'logged-out' | 'timeout'>;
  close(): void;
}

/** The path of the post-logout redirect; registered with HelseID as http://127.0.0.1/logged-out (any port). */
export const LOGGED_OUT_PATH = '/logged-out';

const TEXT = {
  nb: {
    title: 'Logger ut',
    leaving: 'Du logges ut av HelseID …',
    button: 'Logg ut av HelseID',
    doneTitle: 'Du er logget ut',
    done: 'Du er logget ut – du kan lukke fanen.',
  },
  en: {
    title: 'Logging out',
    leaving: 'Logging you out of HelseID …',
    button: 'Log out of HelseID',
    doneTitle: 'You are logged out',
    done: 'You are logged out – you can close this tab.',
  },
} as const;

// the one script: submit the form at once (a person without script gets the button)
const SUBMIT_SCRIPT = "document.getElementById('end-session').submit();";
const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SUBMIT_SCRIPT).digest('base64')}'`;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(language: PageLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)} – HelseID Desktop</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}h1{font-size:1.4rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body>${body}</body></html>`;
}

/** `formActions`: the authority, and our own origin (Chromium applies form-action to the redirect back). */
function headers(formActions?: readonly string[]): Record<string, string> {
  const csp = formActions
    ? `default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}; form-action ${formActions.join(' ')}; frame-ancestors 'none'`
    : "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  };
}

export async function startEndSessionPage(options: EndSessionPageOptions): Promise<EndSessionPage> {
  const log = options.log ?? (() => {});
  const t = TEXT[options.language];
  const secret = randomBytes(16).toString('hex');
  const state = randomBytes(16).toString('hex');
  let idToken: string | undefined = options.idToken;
  const server = http.createServer({ requestTimeout: 5_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let settle!: (outcome: 'logged-out' | 'timeout') => void;
  const done = new Promise<'logged-out' | 'timeout'>((resolve) => (settle = resolve));
  const close = () => {
    idToken = undefined;
    clearTimeout(timer);
    server.close();
    setImmediate(() => server.closeAllConnections());
  };
  const timer = setTimeout(() => (settle('timeout'), close()), options.timeoutMs ?? 120_000);
  timer.unref?.();

  server.on('request', (req, res) => {
    const url = URL.parse(req.url ?? '', origin);
    if (req.method !== 'GET' || url === null || req.headers.host !== origin.slice('http://'.length)) {
      res.writeHead(400, headers()).end();
      return;
    }
    if (url.pathname === `/end-session/${secret}` && idToken !== undefined) {
      const fields = {
        id_token_hint: idToken,
        client_id: options.clientId,
        post_logout_redirect_uri: `${origin}${LOGGED_OUT_PATH}`,
        state,
        ui_locales: options.language,
      };
      idToken = undefined; // served once: a reload or a stray visitor gets nothing
      const inputs = Object.entries(fields)
        .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
        .join('');
      res
        .writeHead(200, headers([new URL(options.endSessionEndpoint).origin, origin]))
        .end(
          page(
            options.language,
            t.title,
            `<h1>${t.title}</h1><p>${t.leaving}</p><form id="end-session" method="post" action="${escape(options.endSessionEndpoint)}">${inputs}<noscript><button type="submit">${t.button}</button></noscript></form><script>${SUBMIT_SCRIPT}</script>`,
          ),
        );
      log('end-session: form handed to the browser');
      return;
    }
    if (url.pathname === LOGGED_OUT_PATH && url.searchParams.get('state') === state) {
      res
        .writeHead(200, headers())
        .end(page(options.language, t.doneTitle, `<h1>${t.doneTitle}</h1><p data-state="logged-out">${t.done}</p>`));
      log('end-session: HelseID sent the browser back; logged out');
      settle('logged-out');
      close();
      return;
    }
    res.writeHead(404, headers()).end();
  });
  return { url: `${origin}/end-session/${secret}`, done, close };
}
