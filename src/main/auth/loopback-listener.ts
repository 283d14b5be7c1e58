// The RFC 8252 loopback redirect receiver for ONE login: binds 127.0.0.1 on a fresh port (or the
// configured range), accepts exactly one GET /callback carrying this login's state (and issuer when
// present), then closes. Anything else gets a static error page and the listener keeps waiting, so a
// stray or hostile request cannot end a login. An error response with the right state does end it:
// it can only come from HelseID, and waiting on would just run into the timeout.
// Connections are admitted by loopback-admission.ts before HTTP parsing starts, so that local
// processes holding connections open cannot keep the browser's callback out.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { AppError } from '../../shared/errors/app-error.ts';
import { createAdmission } from './loopback-admission.ts';
import { loopbackPages, PAGE_HEADERS } from './loopback-pages.ts';

export type PortPolicy = number | { readonly from: number; readonly to: number };

export interface LoopbackOptions {
  readonly expectedState: string;
  /** when the authorization response carries `iss`, it must equal this */
  readonly expectedIssuer: string;
  readonly timeoutMs: number;
  readonly port?: PortPolicy;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** the pages' language (the person's); without it they say everything in both */
  readonly language?: 'nb' | 'en';
  /** set on the callback's answer: the browser binding this login offers (browser-binding.ts) */
  readonly setCookie?: string;
}

export interface LoopbackListener {
  /** http://127.0.0.1:<port>/callback */
  readonly redirectUri: string;
  /** the full callback URL (for authorizationCodeGrant), or login-timeout / login-cancelled */
  readonly callback: Promise<URL>;
  close(): void;
}

const HOST = '127.0.0.1';
const CALLBACK_PATH = '/callback';
// An authorization response is a few hundred bytes; anything much larger is not one.
const MAX_URL_LENGTH = 4096;
const MAX_HEADER_BYTES = 8192;

export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  const log = options.log ?? (() => {});
  if (options.signal?.aborted) throw new AppError('login-cancelled', { retriable: true });
  // The HTTP server never listens itself: the TCP server below admits each connection, reads its
  // request line, and hands it over (with our own deadlines; http's timeouts run only on listen).
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  const admission = createAdmission({
    isCallbackRequestLine: (line) => carriesThisLogin(line, origin, options.expectedState),
    handOver: (socket) => server.emit('connection', socket),
    log,
  });
  const front = net.createServer((socket) => admission.admit(socket));
  const port = await listen(front, options.port ?? 0);
  const origin = `http://${HOST}:${port}`;

  let settle!: { resolve: (url: URL) => void; reject: (err: AppError) => void };
  const callback = new Promise<URL>((resolve, reject) => (settle = { resolve, reject }));
  callback.catch(() => {}); // the caller may close before awaiting; the rejection is still delivered to it
  let done = false;

  const close = () => {
    if (!done) settle.reject(new AppError('login-cancelled', { retriable: true }));
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    front.close();
    // Answers were sent with Connection: close; this only cuts idle or half-sent connections.
    setImmediate(() => admission.closeAll());
  };
  const finish = (outcome: URL | AppError) => {
    if (done) return;
    if (outcome instanceof URL) settle.resolve(outcome);
    else settle.reject(outcome);
    close();
  };
  const onAbort = () => finish(new AppError('login-cancelled', { retriable: true }));
  const timer = setTimeout(() => finish(new AppError('login-timeout', { retriable: true })), options.timeoutMs);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  server.on('clientError', (_err, socket) => {
    // oversized headers, malformed requests: answer without reading further
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const pages = loopbackPages(options.language);
  server.on('request', (req, res) => {
    const answer = (status: number, body: string) => {
      res.writeHead(status, PAGE_HEADERS).end(body);
    };
    const verdict = judge(req, origin, options);
    if (verdict.kind === 'reject') {
      log(`loopback: ignored request (${verdict.reason})`);
      answer(verdict.status, pages.unknown);
      return;
    }
    if (done) {
      log('loopback: ignored request (login already finished)');
      answer(400, pages.unknown);
      return;
    }
    log(`loopback: callback received (${verdict.kind})`);
    // the browser that brings this login's code back is the one that did the login: it gets the
    // binding, which counts once the login is accepted (browser-binding.ts)
    if (options.setCookie) res.setHeader('Set-Cookie', options.setCookie);
    answer(200, verdict.kind === 'success' ? pages.success : pages.failed);
    finish(verdict.url);
  });

  return { redirectUri: `${origin}${CALLBACK_PATH}`, callback, close };
}

/** From the request line alone: a GET of the callback path with this login's state, exactly once. */
function carriesThisLogin(requestLine: string, origin: string, expectedState: string): boolean {
  const match = /^GET (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  const url = match ? URL.parse(match[1]!, origin) : null;
  if (url === null || url.pathname !== CALLBACK_PATH) return false;
  const states = url.searchParams.getAll('state');
  return states.length === 1 && states[0] === expectedState;
}

type Verdict = { kind: 'success' | 'error-response'; url: URL } | { kind: 'reject'; status: number; reason: string };

/** Decides what one request is. The reason goes to the log: it names the check, never a value. */
function judge(req: http.IncomingMessage, origin: string, options: LoopbackOptions): Verdict {
  const raw = req.url ?? '';
  if (raw.length > MAX_URL_LENGTH) return { kind: 'reject', status: 414, reason: 'url too long' };
  if (req.method !== 'GET') return { kind: 'reject', status: 405, reason: 'method not GET' };
  // A page on another site cannot make the browser send this Host (DNS rebinding protection).
  if (req.headers.host !== origin.slice('http://'.length)) return { kind: 'reject', status: 400, reason: 'wrong host' };
  const url = URL.parse(raw, origin);
  if (url === null || url.pathname !== CALLBACK_PATH)
    return { kind: 'reject', status: 404, reason: 'not the callback path' };
  const params = url.searchParams;
  if (params.getAll('state').length !== 1 || params.get('state') !== options.expectedState) {
    return { kind: 'reject', status: 400, reason: 'state missing or not this login' };
  }
  const iss = params.getAll('iss');
  if (iss.length > 1 || (iss.length === 1 && iss[0] !== options.expectedIssuer)) {
    return { kind: 'reject', status: 400, reason: 'iss not the authority' };
  }
  if (params.has('error')) return { kind: 'error-response', url };
  if (params.getAll('code').length !== 1 || params.get('code') === '')
    return { kind: 'reject', status: 400, reason: 'no code' };
  return { kind: 'success', url };
}

async function listen(server: net.Server, policy: PortPolicy): Promise<number> {
  const candidates = typeof policy === 'number' ? [policy] : range(policy.from, policy.to);
  for (const port of candidates) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: HOST, port, exclusive: true }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
        throw new AppError('loopback-unavailable', { retriable: true, cause: err });
      }
    }
  }
  // A fixed port (`redirect.port`) is one any other process on the machine — another user's, on a
  // terminal server — can take first. It can then stop our logins, never take one: we push the
  // authorization request only once we hold the port, so HelseID never sends a code to theirs.
  const ports = typeof policy === 'number' ? String(policy) : `${policy.from}-${policy.to}`;
  throw new AppError('loopback-unavailable', {
    retriable: true,
    detail: {
      reason: 'all ports in use',
      ports,
      problem: `127.0.0.1:${ports} is taken by another program (on a shared computer, perhaps another user's)`,
      fix: 'redirect.port: 0 (any free port), or a range wider than the number of users who log in at once',
    },
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
