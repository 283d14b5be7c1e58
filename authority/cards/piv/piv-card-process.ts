// One virtual PIV card as a process of its own (`fork`ed by pcsc-cards.ts, IPC channel). It must
// never share a thread with the code that calls PKCS#11: OpenSC blocks in SCardTransmit waiting
// for the card's answer, so a card in the same event loop would deadlock it.
// argv[2]: path of the card's JSON (PivCardData). Messages from the parent:
//   { type: 'insert', port, host? } · { type: 'remove' } · { type: 'unblock', puk? } · { type: 'exit' }
// Messages to the parent: { type: 'state', inserted, pinTriesLeft, reason? }.
import { readFileSync } from 'node:fs';
import { PivApplet, type PivCardData } from './piv-applet.ts';
import { connectToReader, type VpcdLink } from './vpcd-link.ts';
import { seededRandom } from '../../seeded-random.ts';

export type CardProcessCommand =
  | { type: 'insert'; port: number; host?: string }
  | { type: 'remove' }
  /** with `puk`: checked against the card's PUK and its try counter; without: the issuer resets both */
  | { type: 'unblock'; puk?: string }
  /**
   * answer each command only after `ms` (0 = at once) plus up to ± `jitterMs`, drawn from a PRNG
   * seeded with `seed`: a real card's speed (≈ 40 ms per command), or a card that is busy
   */
  | { type: 'slow'; ms: number; jitterMs?: number; seed?: number }
  | { type: 'exit' };

export interface CardProcessState {
  type: 'state';
  inserted: boolean;
  /** the reader asked for the ATR since the insertion: pcscd has seen the card */
  seen: boolean;
  pinTriesLeft: number;
  reason?: string;
  /** time spent answering each APDU since the last report (ms) */
  apduMs?: number[];
}

// ATR: T=0 and T=1 offered, 8 historical bytes that match no OpenSC driver's ATR table, so the
// PIV driver finds the card by selecting the PIV application, like any standard PIV card.
const ATR = withTck(Buffer.concat([Buffer.from([0x3b, 0x88, 0x80, 0x01]), Buffer.from('HIDvPIV1', 'ascii')]));

function withTck(atr: Buffer): Buffer {
  let tck = 0;
  for (const b of atr.subarray(1)) tck ^= b; // TCK: XOR of T0 … last historical byte
  return Buffer.concat([atr, Buffer.from([tck])]);
}

// the provisioned file (piv-provision.ts) keeps the card under 'card'; a bare PivCardData works too
const raw = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { card?: PivCardData } & PivCardData;
const data: PivCardData = raw.card ?? raw;
const applet = new PivApplet(data);
let link: VpcdLink | undefined;
let seen = false;
let slowMs = 0;
let jitterMs = 0;
let random = seededRandom(1);
const card = {
  get atr(): Buffer {
    if (!seen) {
      seen = true;
      setImmediate(() => report());
    }
    return ATR;
  },
  powerCycle: () => applet.reset(),
  process: (apdu: Buffer): Buffer | Promise<Buffer> => {
    if (slowMs === 0 && jitterMs === 0) return answer(apdu);
    const ms = Math.max(0, slowMs + (random() * 2 - 1) * jitterMs);
    return new Promise((resolve) => setTimeout(() => resolve(answer(apdu)), ms));
  },
};
/** the card's answer; a VERIFY that moved the PIN's try counter is reported (tests compare it with the token flags) */
function answer(apdu: Buffer): Buffer {
  const before = applet.pinTriesLeft;
  const out = applet.process(apdu);
  if (applet.pinTriesLeft !== before) setImmediate(() => report());
  return out;
}
const apduMs: number[] = []; // time spent answering, for the latency measurement (bench/)

const report = (reason?: string): void => {
  if (!process.connected) return; // parent gone; 'disconnect' ends us
  const state: CardProcessState = {
    type: 'state',
    inserted: link !== undefined,
    seen: link !== undefined && seen,
    pinTriesLeft: applet.pinTriesLeft,
    ...(reason ? { reason } : {}),
    apduMs: apduMs.splice(0),
  };
  process.send?.(state, undefined, {}, () => {
    /* a send racing the parent's exit is harmless */
  });
};

async function insert(port: number, host?: string): Promise<void> {
  if (link) return report();
  seen = false;
  try {
    const current = await connectToReader(card, {
      port,
      ...(host ? { host } : {}),
      onApdu: (ms) => {
        if (apduMs.length < 10_000) apduMs.push(ms);
      },
    });
    link = current;
    void current.closed.then(() => {
      if (link !== current) return;
      link = undefined;
      applet.reset();
      report('the reader closed the connection');
    });
    report();
  } catch (error) {
    report(`cannot reach the virtual reader on port ${port}: ${(error as Error).message}`);
  }
}

function remove(): void {
  const current = link;
  link = undefined;
  current?.close();
  applet.reset();
  report();
}

process.on('message', (message: CardProcessCommand) => {
  switch (message.type) {
    case 'insert':
      void insert(message.port, message.host);
      return;
    case 'remove':
      remove();
      return;
    case 'unblock': {
      if (message.puk === undefined) {
        applet.unblock();
        report();
        return;
      }
      const pukTriesLeft = applet.unblockWithPuk(message.puk);
      report(pukTriesLeft === undefined ? undefined : `wrong PUK: ${pukTriesLeft} PUK tries left`);
      return;
    }
    case 'slow':
      slowMs = message.ms;
      jitterMs = message.jitterMs ?? 0;
      random = seededRandom(message.seed ?? 1);
      report();
      return;
    case 'exit':
      remove();
      process.disconnect();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0)); // parent gone: the card goes with it
report();
