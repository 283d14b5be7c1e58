// When a key is due for renewal: when less than `days_left` days or `share_left` of its life remain,
// whichever comes first (default 30 days or a third). NHN does not document key lifetimes, so the
// share keeps short-lived keys (and tests with seconds-long ones) renewing in time.
import type { ProvisioningConfig } from '../config/index.ts';
import type { StoredKey } from '../keys/client-record.ts';

const DAY_MS = 86_400_000;

/** epoch ms from which the key should be renewed; undefined when its expiry is unknown */
export function renewalDueAt(key: StoredKey, renewal: ProvisioningConfig['renewal']): number | undefined {
  if (key.expiresAt === undefined) return undefined;
  const life = Math.max(0, key.expiresAt - key.createdAt);
  const margin = Math.min(renewal.days_left * DAY_MS, renewal.share_left * life);
  return key.expiresAt - margin;
}

export function isRenewalDue(key: StoredKey, renewal: ProvisioningConfig['renewal'], now: number): boolean {
  const due = renewalDueAt(key, renewal);
  return due === undefined || now >= due;
}

/** After `failures` failed attempts: retry_seconds, doubling, at most an hour. */
export function retryDelayMs(failures: number, renewal: ProvisioningConfig['renewal']): number {
  return Math.min(renewal.retry_seconds * 1000 * 2 ** Math.max(0, failures - 1), 3_600_000);
}
