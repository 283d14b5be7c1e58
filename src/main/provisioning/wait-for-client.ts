// Bounded polling until HelseID accepts a client's key: right after a set-up is confirmed, or a new
// key is registered, HelseID's cache does not know it yet (NHN's sample simply waits 20 s). Each try
// is one client-credentials token request; "unknown client" and network trouble mean "not yet",
// anything else (an expired key, a refused scope) ends the wait at once.
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import type { ClientKey } from '../keys/client-key.ts';
import {
  connectAs,
  isUnknownClient,
  type ConnectionDeps,
  type SelvbetjeningConnection,
} from './selvbetjening-connection.ts';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly clock: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
  readonly step: string;
  readonly onAttempt?: (attempt: number) => void;
}

export async function waitUntilAccepted(
  deps: ConnectionDeps,
  clientId: string,
  key: ClientKey,
  options: WaitOptions,
): Promise<SelvbetjeningConnection> {
  const deadline = options.clock() + options.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new AppError('setup-cancelled', { retriable: true });
    options.onAttempt?.(attempt);
    let last: unknown;
    try {
      const connection = await connectAs(deps, clientId, key);
      await connection.token();
      return connection;
    } catch (err) {
      last = err;
      const notYet = isUnknownClient(err) || (isAppError(err) && err.code === 'authority-unreachable');
      if (!notYet) throw err;
    }
    if (options.clock() + options.intervalMs > deadline) {
      throw new AppError('setup-timeout', {
        retriable: true,
        detail: { step: options.step, last: isAppError(last) ? last.code : 'error' },
        cause: last,
      });
    }
    await options.sleep(options.intervalMs, options.signal);
  }
}
