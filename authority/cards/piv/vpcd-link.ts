// The card's end of vsmartcard's vpcd protocol: a TCP client of the virtual reader (pcscd's vpcd
// driver listens on 35963 for reader 0, 35964 for reader 1). Connected = card inserted, closed =
// card removed. Framing both ways: 2-byte big-endian length, then the bytes. A 1-byte message
// from the reader is a control code (vicc's VPCD_CTRL_*: 0 power off, 1 power on, 2 reset,
// 4 get ATR); anything longer is a command APDU. The card answers ATR requests and APDUs only.
import { connect, type Socket } from 'node:net';

export const VPCD_CTRL = { OFF: 0, ON: 1, RESET: 2, ATR: 4 } as const;

export interface VpcdCard {
  readonly atr: Buffer;
  /** power off, power on or reset: the card's volatile state (PIN verified) is gone */
  powerCycle(): void;
  /** may answer later (a slow card); vpcd sends one command at a time */
  process(apdu: Buffer): Buffer | Promise<Buffer>;
}

export interface VpcdLink {
  readonly socket: Socket;
  /** resolves when the reader or we closed the connection */
  readonly closed: Promise<void>;
  close(): void;
}

export function connectToReader(
  card: VpcdCard,
  options: { host?: string; port: number; onApdu?: (ms: number) => void },
): Promise<VpcdLink> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host ?? '127.0.0.1', port: options.port });
    // Our answers go out in one write; no Nagle delay on our side. (The reader's side writes
    // length and body separately; see README for what that costs and the quickack route.)
    socket.setNoDelay(true);
    let buffered: Buffer = Buffer.alloc(0);
    let queue: Promise<void> = Promise.resolve(); // answers leave in order even when one is slow
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', (error) => reject(error));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => {
        /* 'close' follows: the card is out */
      });
      resolve({ socket, closed, close: () => socket.destroy() });
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        const started = performance.now();
        const answer = handle(card, message);
        const send = (bytes: Buffer | undefined): void => {
          if (!bytes || socket.destroyed) return;
          const frame = Buffer.alloc(2 + bytes.length);
          frame.writeUInt16BE(bytes.length, 0);
          bytes.copy(frame, 2);
          socket.write(frame); // one write: length and body in one segment
          if (length > 1) options.onApdu?.(performance.now() - started);
        };
        queue = queue.then(async () => send(await answer));
      }
    });
  });
}

function handle(card: VpcdCard, message: Buffer): Buffer | Promise<Buffer> | undefined {
  if (message.length !== 1) return card.process(message);
  switch (message[0]) {
    case VPCD_CTRL.ATR:
      return card.atr;
    case VPCD_CTRL.OFF:
    case VPCD_CTRL.ON:
    case VPCD_CTRL.RESET:
      card.powerCycle();
      return undefined;
    default:
      return undefined; // unknown control code: vpcd expects no answer
  }
}
