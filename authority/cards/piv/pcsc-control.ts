// The environment's control endpoint for its PC/SC cards (loopback only, port 0), so a person
// or a script outside the environment's process can play with the cards:
//   POST /cards/<n>/insert[?reader=<r>]   POST /cards/<n>/remove
//   POST /cards/<n>/unblock   body {"puk": "<the card's PUK>"} (the card checks it and its PUK try
//                             counter; a wrong PUK answers 409) or no body (the issuer's reset)
//   GET  /cards                          (n: index in the JSON line's pcsc_cards)
// e.g. `curl -X POST $PCSC_CONTROL/cards/0/remove`,
//      `curl -X POST -d '{"puk":"12345678"}' $PCSC_CONTROL/cards/0/unblock`. Answers JSON; errors say what was wrong.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PcscCards } from './pcsc-cards.ts';

/** The PUK from an unblock's JSON body `{"puk": "…"}`; undefined for an empty body. */
async function readPuk(req: IncomingMessage): Promise<string | undefined> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 1_000) throw new Error('body too large (expected {"puk": "<digits>"})');
  }
  if (!text.trim()) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('body is not JSON (expected {"puk": "<digits>"})');
  }
  const puk = (body as { puk?: unknown } | null)?.puk;
  if (typeof puk !== 'string' || !/^\d{4,8}$/.test(puk)) throw new Error('expected {"puk": "<4–8 digits>"}');
  return puk;
}

export interface PcscControl {
  readonly url: string;
  close(): Promise<void>;
}

export async function startPcscControl(cards: PcscCards, log: (line: string) => void = () => {}): Promise<PcscControl> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/cards')
      return send(
        200,
        cards.cards.map((c) => c.state),
      );
    const match = /^\/cards\/(\d+)\/(insert|remove|unblock)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match)
      return send(404, { error: 'not_found', detail: 'POST /cards/<n>/insert|remove|unblock or GET /cards' });
    const card = cards.cards[Number(match[1])];
    if (!card) return send(404, { error: 'no_such_card', detail: `cards are numbered 0–${cards.cards.length - 1}` });
    const label = card.provisioned.spec.label;
    const reader = url.searchParams.has('reader') ? Number(url.searchParams.get('reader')) : undefined;
    const action =
      match[2] === 'insert'
        ? cards.insert(label, reader)
        : match[2] === 'remove'
          ? cards.remove(label)
          : readPuk(req).then((puk) => cards.unblock(label, puk));
    action.then(
      () => {
        log(`PC/SC card "${label}": ${match[2]}`);
        send(200, cards.cards[Number(match[1])]!.state);
      },
      (error: unknown) => send(409, { error: 'refused', detail: (error as Error).message }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
