// linkSignals (src/main/auth/linked-signal.ts): what it does, and the leak it replaced. The leak
// test drives the real authorize probe through the real boundedFetch and Node's fetch against a
// local server, as a login does, and counts the AbortSignal objects still alive afterwards.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { queryObjects, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchAuthorizationEndpoint } from '../../../src/main/auth/authorize-probe.ts';
import { linkSignals } from '../../../src/main/auth/linked-signal.ts';
import { boundedFetch } from '../../../src/main/auth/outgoing-requests.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('linkSignals', () => {
  it('abortsWithTheFirstSourcesReason_andLetsGoOfTheOtherSources', () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkSignals([a.signal, undefined, b.signal]);
    a.abort(new Error('card removed'));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe('card removed');
    b.abort(new Error('later'));
    expect((linked.signal.reason as Error).message).toBe('card removed');
  });

  it('aSourceAlreadyAborted_givesAnAbortedSignalAtOnce', () => {
    const a = new AbortController();
    a.abort('gone');
    expect(linkSignals([a.signal], 10_000).signal.reason).toBe('gone');
  });

  it('timesOut_withATimeoutErrorAsAbortSignalTimeoutDoes', async () => {
    const linked = linkSignals([new AbortController().signal], 5);
    await sleep(30);
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('released_neverAbortsAfterwards_norByTheTimer', async () => {
    const a = new AbortController();
    const linked = linkSignals([a.signal], 5);
    linked.release();
    a.abort('late');
    await sleep(30);
    expect(linked.signal.aborted).toBe(false);
  });
});

describe('AbortSignals of finished requests are collected (Node leaks nested AbortSignal.any)', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(400, { 'content-type': 'text/html' }).end('<p>no client_id</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/connect/authorize`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hundredsOfAuthorizeProbesThroughBoundedFetch_leaveNoAbortSignalBehind', async () => {
    // Each request's time-outs. Not 30–50 ms: on a loaded machine (test files side by side on two
    // cores) a local answer took longer, two such probes in a row ended the watch, and the loop
    // below waited for probes that never came.
    const timeoutMs = 1_000;
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const count = () => queryObjects(AbortSignal, { format: 'count' }) as number;
    const login = new AbortController(); // the login's signal lives on for the whole run, as it does in the app
    // the app's request path: boundedFetch with the login's signal, its own time-out, and the probe's
    const fetchImpl = boundedFetch(fetch, timeoutMs, () => login.signal);
    gc();
    const before = count();

    const probing = new AbortController();
    const failures: unknown[] = [];
    void watchAuthorizationEndpoint({
      authorizationEndpoint: url,
      clientId: 'c',
      fetch: fetchImpl,
      signal: probing.signal,
      timing: { firstAfterMs: 0, intervalMs: 0, confirmAfterMs: 0, timeoutMs },
      log: () => {},
    }).catch((err: unknown) => failures.push(err));
    const probes = 150;
    while (requests < probes && failures.length === 0) await sleep(20);
    probing.abort();
    await sleep(timeoutMs + 200); // every request's time-outs have fired
    gc();
    await sleep(20);
    gc();
    const after = count();

    expect(failures).toEqual([]); // the endpoint answered 400 ("up") every time
    // with AbortSignal.any() nested as before, at least one signal per probe stayed (≥ 150)
    expect(after - before).toBeLessThan(20);
  }, 60_000); // 150 requests; a loaded CI machine took longer than vitest's default 5 s
});
