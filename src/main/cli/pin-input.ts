// Reads the PIN straight into a Buffer, never a string: from the terminal without echo (raw mode,
// byte by byte), or the first line of stdin. The caller's card operation zeroes the Buffer after
// signing; every intermediate chunk is zeroed here.
import type { Readable, Writable } from 'node:stream';
import { AppError } from '../../shared/errors/app-error.ts';

const MAX_PIN_BYTES = 64;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const BACKSPACE = [0x08, 0x7f];
const ENTER = [0x0a, 0x0d];

type RawInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** Collects bytes up to the end of the first line; `raw` adds backspace and Ctrl-C handling. */
function collect(input: Readable, raw: boolean, onDone: () => void): Promise<Buffer> {
  const pin = Buffer.alloc(MAX_PIN_BYTES);
  let length = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const finish = (error?: AppError) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      onDone();
      if (error) {
        pin.fill(0);
        reject(error);
        return;
      }
      const result = Buffer.from(pin.subarray(0, length));
      pin.fill(0);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      try {
        for (const byte of chunk) {
          if (ENTER.includes(byte)) return finish();
          if (raw && (byte === CTRL_C || byte === CTRL_D))
            return finish(new AppError('card-pin-cancelled', { retriable: true }));
          if (raw && BACKSPACE.includes(byte)) {
            if (length > 0) pin[--length] = 0;
            continue;
          }
          if (length === MAX_PIN_BYTES) return finish(new AppError('card-pin-format', { retriable: true }));
          pin[length++] = byte;
        }
      } finally {
        chunk.fill(0);
      }
    };
    const onEnd = () => finish(length === 0 ? new AppError('card-pin-cancelled', { retriable: true }) : undefined);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}

/** The first line of stdin (`--pin-stdin`). */
export function readPinFromStream(input: Readable): Promise<Buffer> {
  return collect(input, false, () => {});
}

/** Asks on the terminal with echo off. The prompt goes to `prompt` (stderr). */
export function readPinFromTerminal(input: RawInput, prompt: Writable, question: string): Promise<Buffer> {
  if (!input.isTTY || !input.setRawMode) return Promise.reject(new AppError('card-pin-cancelled', { retriable: true }));
  prompt.write(question);
  input.setRawMode(true);
  return collect(input, true, () => {
    input.setRawMode?.(false);
    prompt.write('\n');
  });
}
