// The authority's HTTP front: the emulator's own endpoints (card back channel, IdP pages,
// availableidps) and faults, everything else handed to oidc-provider.
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults, FaultEndpoint } from '../faults.ts';
import { sendJson } from './io.ts';
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
  log: (line: string) => void;
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

export function authorityHandler(r: AuthorityRoutes) {
  // everything behind this handler, oidc-provider included, runs on the fault-offset clock
  return (req: IncomingMessage, res: ServerResponse): void => onServerClock(() => r.faults.offsetMs(), () => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://authority').pathname;
      await r.faults.delay();
      const endpoint = FAULT_BY_PATH.find(([re]) => re.test(path))?.[1];
      if (endpoint && await r.faults.apply(endpoint, req, res)) return;
      if (r.faults.settings.clockOffsetSeconds) {
        res.sendDate = false;
        res.setHeader('Date', new Date(r.faults.now()).toUTCString());
      }
      const card = /^\/connect\/card\/(\w+)$/.exec(path);
      if (card) return r.card(req, res, card[1]!);
      const interaction = /^\/interaction\/([\w-]+)$/.exec(path);
      if (interaction) return r.interaction(req, res, interaction[1]!);
      if (path === '/connect/availableidps') return r.availableIdps(req, res);
      injectResumeCookie(req, path, r.serverCompleted, r.cookieKey);
      r.provider(req, res);
    })().catch((err: unknown) => {
      r.log(`authority request failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: 'the embedded authority failed; see its log' });
    });
  });
}
