// The authority's HTTP front: the emulator's own endpoints (card back channel, IdP pages,
// availableidps) and faults, everything else handed to oidc-provider.
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults, FaultEndpoint } from '../faults.ts';
import { readForm, sendJson } from './io.ts';
import { onServerClock } from '../server-clock.ts';

export interface AuthorityRoutes {
  provider: (req: IncomingMessage, res: ServerResponse) => void;
  card: (req: IncomingMessage, res: ServerResponse, action: string) => Promise<void>;
  interaction: (req: IncomingMessage, res: ServerResponse, uid: string) => Promise<void>;
  availableIdps: (req: IncomingMessage, res: ServerResponse) => void;
  /** interactions finished on the server (TestIdP): see injectResumeCookie */
  serverCompleted: Set<string>;
  /** oidc-provider's cookie signing key (Koa/keygrip: HMAC-SHA1, base64url) */
  cookieKey: string;
  faults: Faults;
  /** the browser's authorization request for this request_uri was failed by a fault (the card back
   * channel names it when the request_uri later expires unused) */
  authorizeFailed?: (requestUri: string, status: number | 'dropped') => void;
  log: (line: string) => void;
  /** the issuer's path ('' = bare origin): the whole authority is served under it, as the
   * conformance-testing service ("samsvarstesting") gives each test session `https://…/<guid>` */
  issuerPath: string;
}

/**
 * Strips the issuer path from the request, as a framework mounting an app under a prefix does;
 * oidc-provider reads the prefix back from `req.originalUrl` for every URL it builds. Undefined when
 * the request is outside the authority.
 */
function mount(req: IncomingMessage, prefix: string): string | undefined {
  const url = req.url ?? '/';
  const path = new URL(url, 'http://authority').pathname;
  if (!prefix) return path;
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return undefined;
  (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
  req.url = url.slice(prefix.length) || '/';
  return path.slice(prefix.length) || '/';
}

const FAULT_BY_PATH: [RegExp, FaultEndpoint][] = [
  [/^\/\.well-known\/openid-configuration$/, 'discovery'],
  [/^\/\.well-known\/openid-configuration\/jwks$/, 'jwks'],
  [/^\/connect\/par$/, 'par'],
  [/^\/connect\/authorize/, 'authorize'],
  [/^\/connect\/token$/, 'token'],
  [/^\/connect\/userinfo$/, 'userinfo'],
  [/^\/connect\/revocation$/, 'revocation'],
  [/^\/connect\/introspect$/, 'introspect'],
  [/^\/connect\/endsession/, 'endsession'],
  [/^\/connect\/card\//, 'card'],
  [/^\/connect\/availableidps$/, 'availableidps'],
];

/** A browser's authorization request proper (not a parameterless probe, not the resume step). */
function isAuthorizationRequest(req: IncomingMessage, path: string): boolean {
  if (path !== '/connect/authorize') return false;
  const query = new URL(req.url ?? '/', 'http://authority').searchParams;
  return query.has('request_uri') || query.has('client_id');
}

/**
 * A client that follows redirects without a cookie jar (fetch with redirect: 'follow') loses the
 * resume cookie oidc-provider set on /connect/authorize. For interactions TestIdP completed on the
 * server we supply it, so such a client reaches its redirect_uri as with real HelseID's TestIdP.
 */
function injectResumeCookie(req: IncomingMessage, path: string, completed: Set<string>, cookieKey: string): void {
  const uid = /^\/connect\/authorize\/([\w-]+)$/.exec(path)?.[1];
  if (!uid || !completed.has(uid) || (req.headers.cookie ?? '').includes('_interaction_resume=')) return;
  completed.delete(uid);
  const cookie = `_interaction_resume=${uid}`;
  const sig = createHmac('sha1', cookieKey).update(cookie).digest('base64url');
  req.headers.cookie = [req.headers.cookie, cookie, `_interaction_resume.sig=${sig}`].filter(Boolean).join('; ');
}

/**
 * End session by POST (OpenID RP-Initiated Logout allows GET and POST; an app on a shared
 * workstation posts, so the ID token never lands in a URL). oidc-provider takes POST only with
 * SameSite=None cookies, which need https; the emulator hands the form to its GET route instead,
 * inside the server: the browser never sees the parameters in a URL. On 127.0.0.1 a loopback page's
 * POST is same-site (ports do not count), so the session cookie comes along.
 */
async function endSessionPostAsGet(req: IncomingMessage, prefix: string): Promise<void> {
  const form = await readForm(req);
  req.method = 'GET';
  req.url = `/connect/endsession?${form.toString()}`;
  if (prefix) (req as IncomingMessage & { originalUrl?: string }).originalUrl = `${prefix}${req.url}`;
}

export function authorityHandler(r: AuthorityRoutes) {
  // everything behind this handler, oidc-provider included, runs on the fault-offset clock
  return (req: IncomingMessage, res: ServerResponse): void =>
    onServerClock(
      () => r.faults.offsetMs(),
      () => {
        void (async () => {
          await r.faults.delay();
          const path = mount(req, r.issuerPath);
          if (path === undefined)
            return sendJson(res, 404, {
              error: 'not_found',
              error_description: `this authority is served under ${r.issuerPath}`,
            });
          const endpoint = FAULT_BY_PATH.find(([re]) => re.test(path))?.[1];
          if (
            endpoint === 'authorize' &&
            isAuthorizationRequest(req, path) &&
            (await r.faults.apply('authorize-request', req, res))
          ) {
            const requestUri = new URL(req.url ?? '/', 'http://authority').searchParams.get('request_uri');
            if (requestUri) r.authorizeFailed?.(requestUri, res.headersSent ? res.statusCode : 'dropped');
            return;
          }
          if (endpoint && (await r.faults.apply(endpoint, req, res))) return;
          if (r.faults.settings.clockOffsetSeconds) {
            res.sendDate = false;
            res.setHeader('Date', new Date(r.faults.now()).toUTCString());
          }
          const card = /^\/connect\/card\/(\w+)$/.exec(path);
          if (card) return r.card(req, res, card[1]!);
          const interaction = /^\/interaction\/([\w-]+)$/.exec(path);
          if (interaction) return r.interaction(req, res, interaction[1]!);
          if (path === '/connect/availableidps') return r.availableIdps(req, res);
          if (path === '/connect/endsession' && req.method === 'POST') await endSessionPostAsGet(req, r.issuerPath);
          injectResumeCookie(req, path, r.serverCompleted, r.cookieKey);
          r.provider(req, res);
        })().catch((err: unknown) => {
          r.log(`authority request failed: ${(err as Error).stack ?? String(err)}`);
          if (!res.headersSent)
            sendJson(res, 500, {
              error: 'server_error',
              error_description: 'the embedded authority failed; see its log',
            });
        });
      },
    );
}
