// One mechanism for everything the app hands the system browser that must reach only this OS user's
// browser: a one-time page on 127.0.0.1 at a random path. The URL (on the browser's command line,
// readable by every user of the machine) carries nothing worth taking; the page gives its content —
// an auto-submitted POST form (end-session: the ID token only in the body) or a redirect (a portal
// launch, a login's authorize URL) — only to a request that carries the browser binding
// (browser-binding.ts), and only once. A request without it gets a page with nothing in it and does
// NOT use the hand-off up, so a process that races the browser can neither take the content nor stop
// the real browser from getting it.
//
// Before any browser is bound (the first login on a machine, a browser that drops cookies) the
// binding cannot tell browsers apart. Then, for content that is worth nothing without the person at
// the screen (a login's authorize URL, a set-up confirmation page), `admit: 'first-browser'` gives it
// to the first request and marks that browser with a cookie of this page's own; any OTHER browser
// asking afterwards means two browsers saw the URL — one of them not the person's — and the caller
// hears of it (`onContested`) and stops. The browser the OS started always asks, so a racer that
// came first is always found out; one that came second gets nothing but the same alarm.
// Further routes on the same origin (the end-session's return page) are answered by the caller.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOSE_TAB_SCRIPT, CLOSE_TAB_SCRIPT_HASH } from './loopback-pages.ts';
import { cookieValues, HAND_OFF_PATH_PREFIX, type BrowserBinding, type PendingBinding } from './browser-binding.ts';

export type PageLanguage = 'nb' | 'en';

/** What the bound browser gets, once. */
export type HandOffContent =
  | {
      readonly kind: 'post-form';
      readonly action: string;
      readonly fields: Readonly<Record<string, string>>;
      /** the page's heading and line while the form submits itself, and its button without script */
      readonly title: string;
      readonly text: string;
      readonly button: string;
    }
  | { readonly kind: 'redirect'; readonly location: string };

export interface HandOffPageOptions {
  readonly binding: BrowserBinding;
  /** also admit the browser that delivered this (not yet accepted) login: ending ITS session */
  readonly pending?: PendingBinding;
  readonly language: PageLanguage;
  /** built once the page's origin is known (a return address on it, say) */
  readonly content: (origin: string) => HandOffContent;
  /**
   * who gets the content: 'bound' (default) only the bound browser (or `pending`'s); 'first-browser'
   * also the first request when it lacks the binding — only for content that needs the person at the
   * screen to be of any use — and then `onContested` when a different browser asks too
   */
  readonly admit?: 'bound' | 'first-browser';
  /** 'first-browser': a second browser asked for the page after the first got it (called once) */
  readonly onContested?: () => void;
  /** what a browser without the binding reads (default: use the browser you logged in with) */
  readonly refused?: { readonly title: string; readonly text: string };
  /** further paths on this origin (answered to any request; they must carry nothing personal) */
  readonly route?: (url: URL, respond: Respond) => boolean;
  /** how long the page waits for the browser */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /** names the hand-off in log lines ("end-session", "portal") */
  readonly purpose: string;
}

/** Answers a route's request with one of our static pages; `closeTab`: the page closes its tab where the browser allows. */
export type Respond = (status: number, title: string, body: string, options?: { readonly closeTab?: boolean }) => void;

export interface HandOffPage {
  /** http://127.0.0.1:<port>/hand-off/<random>: give this to the system browser */
  readonly url: string;
  /** 'delivered': the bound browser got the content; 'timeout': nobody did before the deadline */
  readonly delivered: Promise<'delivered' | 'timeout'>;
  /** requests refused so far for want of the binding */
  refusals(): number;
  /** who got the content: the bound browser (the binding), the first browser ('first-browser'), or nobody yet */
  recipient(): 'bound' | 'first' | undefined;
  close(): void;
}

const TEXT = {
  nb: {
    refusedTitle: 'Åpne siden i din egen nettleser',
    refused:
      'Denne siden kan bare brukes av nettleseren du logget inn med i HelseID Desktop. Lukk fanen og gå tilbake til HelseID Desktop.',
    goneTitle: 'Siden er brukt',
    gone: 'Denne siden kunne bare brukes én gang. Lukk fanen og gå tilbake til HelseID Desktop.',
    takenTitle: 'Siden ble åpnet av et annet program',
    taken:
      'Et annet program på denne datamaskinen åpnet denne siden før nettleseren din. For sikkerhets skyld er det stoppet. Lukk fanen og gå tilbake til HelseID Desktop.',
  },
  en: {
    refusedTitle: 'Open this page in your own browser',
    refused:
      'Only the browser you logged in with in HelseID Desktop can use this page. Close the tab and return to HelseID Desktop.',
    goneTitle: 'This page has been used',
    gone: 'This page could be used only once. Close the tab and return to HelseID Desktop.',
    takenTitle: 'Another program opened this page',
    taken:
      'Another program on this computer opened this page before your browser did. It has been stopped to be safe. Close the tab and return to HelseID Desktop.',
  },
} as const;

// the one script: submit the form at once (a person without script gets the button). Submitted while
// the page is still loading, the form's navigation REPLACES this page in the tab's history (HTML
// Standard, form submission: "has not yet completely loaded" → historyHandling "replace"), so the
// page HelseID sends the tab back to is its only entry, and may close its tab.
const SUBMIT_SCRIPT = "document.getElementById('hand-off').submit();";
const SCRIPT_HASH = scriptHash(SUBMIT_SCRIPT);
/** marks the first browser of a 'first-browser' hand-off (its own path only; see the file's head) */
const LAUNCH_COOKIE = 'helseid_desktop_launch';

function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(language: PageLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} – HelseID Desktop</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}h1{font-size:1.4rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body>${body}</body></html>`;
}

/** `formActions`: where the form may go, and our own origin (Chromium applies form-action to the redirect back). */
function headers(formActions?: readonly string[], closeTab = false): Record<string, string> {
  const csp = formActions
    ? `default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}; form-action ${formActions.join(' ')}; frame-ancestors 'none'`
    : closeTab
      ? `default-src 'none'; style-src 'unsafe-inline'; script-src ${CLOSE_TAB_SCRIPT_HASH}; frame-ancestors 'none'`
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

export async function startHandOffPage(options: HandOffPageOptions): Promise<HandOffPage> {
  const log = options.log ?? (() => {});
  const t = TEXT[options.language];
  const refused = options.refused ?? { title: t.refusedTitle, text: t.refused };
  const path = `${HAND_OFF_PATH_PREFIX}${randomBytes(16).toString('hex')}`;
  const server = http.createServer({ requestTimeout: 5_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // built now and forgotten once delivered: the secret it holds lives no longer than it must
  let content: HandOffContent | undefined = options.content(origin);
  let settle!: (outcome: 'delivered' | 'timeout') => void;
  const delivered = new Promise<'delivered' | 'timeout'>((resolve) => (settle = resolve));
  let closed = false;
  let refusals = 0;
  /** 'first-browser': the mark given to the browser that got the content without the binding */
  let firstBrowserMark: string | undefined;
  let contested = false;
  let recipient: 'bound' | 'first' | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    content = undefined;
    clearTimeout(timer);
    settle('timeout');
    server.close();
    setImmediate(() => server.closeAllConnections());
  };
  const timer = setTimeout(close, options.timeoutMs ?? 120_000);
  timer.unref?.();

  server.on('request', (req, res) => {
    const respond: Respond = (status, title, body, answer) =>
      res
        .writeHead(status, headers(undefined, answer?.closeTab))
        .end(
          page(
            options.language,
            title,
            `<h1>${escapeHtml(title)}</h1>${body}${answer?.closeTab ? `<script>${CLOSE_TAB_SCRIPT}</script>` : ''}`,
          ),
        );
    const url = URL.parse(req.url ?? '', origin);
    // a page on another site cannot make the browser send this Host (DNS rebinding protection)
    if (req.method !== 'GET' || url === null || req.headers.host !== origin.slice('http://'.length)) {
      res.writeHead(400, headers()).end();
      return;
    }
    if (url.pathname === path) {
      void serveHandOff(req.headers.cookie, respond, (status, head, body) => res.writeHead(status, head).end(body));
      return;
    }
    if (options.route?.(url, respond)) return;
    res.writeHead(404, headers()).end();
  });

  async function serveHandOff(
    cookie: string | undefined,
    respond: Respond,
    raw: (status: number, head: Record<string, string>, body: string) => void,
  ) {
    const admitted = await options.binding.admits(cookie, options.pending);
    if (firstBrowserMark !== undefined) {
      // the first browser again (a reload, the back button): nothing new, and no alarm
      if (cookieValues(cookie, LAUNCH_COOKIE).includes(firstBrowserMark))
        return respond(410, t.goneTitle, `<p>${t.gone}</p>`);
      // any other browser, the bound one included: two saw the URL, and one of them was not the person's
      log(`${options.purpose}: a second browser asked for a page already handed to another; stopping`);
      respond(403, t.takenTitle, `<p>${t.taken}</p>`);
      if (!contested) {
        contested = true;
        options.onContested?.();
      }
      return;
    }
    if (admitted) return deliver(raw, respond);
    if (options.admit === 'first-browser' && content !== undefined) {
      firstBrowserMark = randomBytes(16).toString('base64url');
      log(`${options.purpose}: no browser is bound yet; handed to the first browser that asked`);
      return deliver(raw, respond, firstBrowserMark);
    }
    if (content === undefined) return respond(410, t.goneTitle, `<p>${t.gone}</p>`);
    // nothing personal, and the hand-off stays open for the browser that has the binding
    refusals++;
    log(`${options.purpose}: refused a request without this browser's binding (the hand-off stays open)`);
    respond(403, refused.title, `<p>${escapeHtml(refused.text)}</p>`);
  }

  function deliver(
    raw: (status: number, head: Record<string, string>, body: string) => void,
    respond: Respond,
    mark?: string,
  ) {
    const given = content;
    if (given === undefined) return respond(410, t.goneTitle, `<p>${t.gone}</p>`);
    content = undefined; // once: a reload or a second visitor gets nothing
    const marked = (head: Record<string, string>) =>
      mark === undefined
        ? head
        : { ...head, 'Set-Cookie': `${LAUNCH_COOKIE}=${mark}; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=600` };
    if (given.kind === 'redirect') {
      raw(303, marked({ ...headers(), Location: given.location }), '');
    } else {
      const inputs = Object.entries(given.fields)
        .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
        .join('');
      raw(
        200,
        marked(headers([new URL(given.action).origin, origin])),
        page(
          options.language,
          given.title,
          `<h1>${escapeHtml(given.title)}</h1><p>${escapeHtml(given.text)}</p><form id="hand-off" method="post" action="${escapeHtml(given.action)}">${inputs}<noscript><button type="submit">${escapeHtml(given.button)}</button></noscript></form><script>${SUBMIT_SCRIPT}</script>`,
        ),
      );
    }
    recipient = mark === undefined ? 'bound' : 'first';
    log(`${options.purpose}: handed to the ${recipient} browser`);
    settle('delivered');
  }

  return { url: `${origin}${path}`, delivered, refusals: () => refusals, recipient: () => recipient, close };
}
