// The one-shot loopback listener for Selvbetjening's confirmation redirect: after the person
// confirms (or not), the web UI sends the browser to postClientConfirmationRedirectUri?status=…
// ("Success" means yes). NHN's redirect carries no state, so the path carries a random secret: only
// the address this set-up registered in its draft is accepted; anything else gets a static page and
// the listener keeps waiting. Nothing from the request is echoed back.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../shared/errors/app-error.ts';
import { CONFIRMATION_PAGE, PAGE_HEADERS, UNKNOWN_PAGE } from './confirmation-pages.ts';

export interface ConfirmationListener {
  /** http://127.0.0.1:<port>/setup/<secret> */
  readonly redirectUri: string;
  /** the status Selvbetjening sent; rejects with setup-timeout / setup-cancelled */
  readonly status: Promise<string>;
  close(): void;
}

export async function startConfirmationListener(options: {
  timeoutMs: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}): Promise<ConfirmationListener> {
  const log = options.log ?? (() => {});
  if (options.signal?.aborted) throw new AppError('setup-cancelled', { retriable: true });
  const path = `/setup/${randomBytes(16).toString('hex')}`;
  const server = http.createServer({ maxHeaderSize: 8192, requestTimeout: 3_000 });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new AppError('loopback-unavailable', { retriable: true, cause: err })));
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let settle!: { resolve: (status: string) => void; reject: (err: AppError) => void };
  const status = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  status.catch(() => {});
  let done = false;
  const finish = (outcome: string | AppError) => {
    if (done) return;
    done = true;
    if (typeof outcome === 'string') settle.resolve(outcome);
    else settle.reject(outcome);
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    server.close();
    setImmediate(() => server.closeAllConnections());
  };
  const onAbort = () => finish(new AppError('setup-cancelled', { retriable: true }));
  const timer = setTimeout(
    () => finish(new AppError('setup-timeout', { retriable: true, detail: { step: 'confirmation' } })),
    options.timeoutMs,
  );
  options.signal?.addEventListener('abort', onAbort, { once: true });

  server.on('request', (req, res) => {
    const url = URL.parse(req.url ?? '', origin);
    const ours =
      req.method === 'GET' &&
      req.headers.host === origin.slice('http://'.length) &&
      url?.pathname === path &&
      url.searchParams.getAll('status').length === 1;
    if (!ours || done) {
      log('setup: ignored a request to the confirmation listener');
      res.writeHead(404, PAGE_HEADERS).end(UNKNOWN_PAGE);
      return;
    }
    const value = url.searchParams.get('status')!.slice(0, 40);
    res.writeHead(200, PAGE_HEADERS).end(CONFIRMATION_PAGE);
    log(`setup: confirmation answer received (${/^[\w-]+$/.test(value) ? value : 'unreadable'})`);
    finish(value);
  });

  return {
    redirectUri: `${origin}${path}`,
    status,
    close: () => finish(new AppError('setup-cancelled', { retriable: true })),
  };
}
