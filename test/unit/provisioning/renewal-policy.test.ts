// When a key is due (30 days or a third of its life, whichever is sooner), and how the scheduler
// retries a failed renewal (doubling, at most an hour) without ever throwing into the app.
import { describe, expect, it } from 'vitest';
import type { KeyRing } from '../../../src/main/keys/key-ring.ts';
import { isRenewalDue, renewalDueAt, retryDelayMs } from '../../../src/main/provisioning/renewal-policy.ts';
import { createRenewalScheduler } from '../../../src/main/provisioning/renewal-scheduler.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';

const DAY = 86_400_000;
const renewal = { days_left: 30, share_left: 1 / 3, retry_seconds: 60 };
const key = (createdAt: number, expiresAt?: number) => ({
  kid: 'k',
  privateJwk: { kty: 'RSA' as const, kid: 'k', alg: 'PS256' as const, n: 'n', e: 'e', d: 'd' },
  createdAt,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

describe('renewal policy', () => {
  it('yearLongKey_isDue30DaysBeforeExpiry', () => {
    expect(renewalDueAt(key(0, 365 * DAY), renewal)).toBe(335 * DAY);
    expect(isRenewalDue(key(0, 365 * DAY), renewal, 334 * DAY)).toBe(false);
    expect(isRenewalDue(key(0, 365 * DAY), renewal, 335 * DAY)).toBe(true);
  });

  it('shortLivedKey_isDueWithAThirdOfItsLifeLeft', () => {
    expect(renewalDueAt(key(0, 30 * DAY), renewal)).toBe(20 * DAY);
    expect(renewalDueAt(key(1_000, 7_000), renewal)).toBe(5_000);
  });

  it('unknownExpiry_isDue_soTheExpiryGetsLearnt', () => {
    expect(isRenewalDue(key(0), renewal, 0)).toBe(true);
  });

  it('retryDelay_doubles_upToAnHour', () => {
    expect([1, 2, 3, 7, 20].map((n) => retryDelayMs(n, renewal))).toEqual([
      60_000, 120_000, 240_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe('renewal scheduler', () => {
  it('failedRenewal_isRetriedWithBackoff_andNeverThrows', async () => {
    const timers: { delay: number; run: () => void }[] = [];
    let failures = 0;
    const client = { renewal: { failures: 0 }, current: key(0, 365 * DAY) };
    const keyRing = { client: async () => client, reload: () => {} } as unknown as KeyRing;
    const lines: string[] = [];
    const scheduler = createRenewalScheduler({
      keyRing,
      renewal,
      clock: () => 0,
      log: (l) => lines.push(l),
      scheduler: { setTimeout: (run, delay) => timers.push({ run, delay }), clearTimeout: () => {} },
      renew: async () => {
        client.renewal.failures = ++failures;
        if (failures < 3)
          throw new AppError('key-renewal-failed', {
            detail: { step: 'registered', code: 'selvbetjening-unreachable' },
          });
        client.renewal.failures = 0;
        return { renewed: true, clientId: 'c', kid: 'k2' };
      },
    });
    await scheduler.start();
    expect(timers.at(-1)!.delay).toBe(60_000);
    timers.at(-1)!.run();
    await expect.poll(() => timers.length).toBe(2);
    expect(timers.at(-1)!.delay).toBe(120_000);
    timers.at(-1)!.run();
    await expect.poll(() => timers.length).toBe(3);
    // renewed: the next check is when the (year-long) key is due, capped at a day
    expect(timers.at(-1)!.delay).toBe(DAY);
    expect(lines.filter((l) => l.includes('retrying later'))).toHaveLength(2);
    scheduler.stop();
  });
});
