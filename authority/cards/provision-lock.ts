// A directory lock, so two processes (say the environment and a test) provisioning the same state
// dir at once do not interleave softhsm2-util calls. A lock older than a minute is a crash leftover.
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const STALE_MS = 60_000;
const WAIT_MS = 90_000;

export async function withProvisionLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.provision.lock');
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_MS) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`virtual cards: ${lock} is held by another process`, { cause: error });
      else await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
