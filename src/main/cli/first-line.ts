// Reads the first line of a file or of stdin, and stops there. `npm run env` keeps running after
// printing its one JSON line, so `--env-json <(npm run env)` or a pipe never reaches end of file.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export async function readFirstLine(source: string, stdin: Readable, timeoutMs = 30_000): Promise<string> {
  const input = source === '-' ? stdin : createReadStream(source, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
      input.once('error', reject);
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('no line within the time limit'), { code: 'ETIMEDOUT' })),
        timeoutMs,
      );
    });
    return await Promise.race([first, timeout]);
  } finally {
    clearTimeout(timer);
    lines.close();
    if (input !== stdin) input.destroy();
  }
}
