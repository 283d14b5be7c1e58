// Keeps the key renewed while the app runs: a check at start-up, then at the moment the key becomes
// due (or daily, whichever is sooner), and after a failure again with a doubling delay. It never
// throws into the app: a failure is logged and recorded in the key store (doctor shows it), and the
// clinician's session goes on with the current key.
import type { Scheduler } from '../auth/scheduler.ts';
import type { ProvisioningConfig } from '../config/index.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import { renewalDueAt, retryDelayMs } from './renewal-policy.ts';
import type { RenewalOutcome } from './key-renewal.ts';

const DAY_MS = 86_400_000;
/** never check more often than this, however short-lived the key (tests use seconds-long keys) */
const MIN_DELAY_MS = 250;

export interface RenewalSchedulerDeps {
  readonly keyRing: KeyRing;
  readonly renewal: ProvisioningConfig['renewal'];
  readonly renew: () => Promise<RenewalOutcome>;
  readonly scheduler: Scheduler;
  readonly clock: () => number;
  readonly log: (line: string) => void;
  /** after every attempt (the window refreshes what it shows) */
  readonly onAttempt?: (outcome: RenewalOutcome | Error) => void;
}

export interface RenewalScheduler {
  /** runs a check now (start-up) and keeps scheduling */
  start(): Promise<void>;
  stop(): void;
}

export function createRenewalScheduler(deps: RenewalSchedulerDeps): RenewalScheduler {
  let timer: unknown;
  let stopped = false;
  let running: Promise<void> | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    deps.scheduler.clearTimeout(timer);
    timer = deps.scheduler.setTimeout(() => void check(), Math.max(MIN_DELAY_MS, Math.min(delayMs, DAY_MS)));
  };

  const check = (): Promise<void> => {
    running ??= (async () => {
      try {
        deps.keyRing.reload(); // `helseid-desktop key renew` may have changed the store meanwhile
        const outcome = await deps.renew();
        if (outcome.renewed) deps.log(`key renewed: client ${outcome.clientId}, key ${outcome.kid}`);
        deps.onAttempt?.(outcome);
        const client = await deps.keyRing.client();
        const due = client ? renewalDueAt(client.current, deps.renewal) : undefined;
        schedule(due === undefined ? DAY_MS : due - deps.clock());
      } catch (err) {
        const client = await deps.keyRing.client().catch(() => undefined);
        const failures = client?.renewal.failures ?? 1;
        deps.log(
          `key renewal failed (${failures} in a row): ${(err as { code?: string }).code ?? 'error'}; retrying later`,
        );
        deps.onAttempt?.(err as Error);
        schedule(retryDelayMs(failures, deps.renewal));
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    start: () => check(),
    stop() {
      stopped = true;
      deps.scheduler.clearTimeout(timer);
    },
  };
}
