// What IT may know about the installation's key — where it lives, how it is protected, its kid, age,
// expiry, the renewal's state — as plain data for `key status`, `doctor` and the app's diagnostics.
// Never the key.
import type { ProvisioningConfig } from '../config/index.ts';
import type { KeyStoreDocument } from '../keys/client-record.ts';
import type { KeyStoreDescription } from '../keys/key-store.ts';
import { renewalDueAt } from './renewal-policy.ts';

export interface KeyStatus {
  readonly store: KeyStoreDescription;
  readonly client?: {
    readonly clientId: string;
    readonly state: string;
    /** a draft whose confirmation the browser reported (?status=Success) but Selvbetjening has not answered for */
    readonly successReported?: boolean;
    readonly kid: string;
    /** ISO times */
    readonly createdAt: string;
    readonly ageDays: number;
    readonly expiresAt?: string;
    readonly renewFrom?: string;
    readonly expired: boolean;
    readonly nextKid?: string;
    readonly lastRenewedAt?: string;
    readonly lastRenewalError?: { readonly code: string; readonly step: string; readonly at: string };
    readonly renewalFailures: number;
  };
  readonly abandonedDrafts: readonly { readonly clientId: string; readonly at: string; readonly reason: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function keyStatus(
  document: KeyStoreDocument,
  store: KeyStoreDescription,
  renewal: ProvisioningConfig['renewal'],
  now: number,
): KeyStatus {
  const c = document.client;
  const due = c ? renewalDueAt(c.current, renewal) : undefined;
  return {
    store,
    ...(c
      ? {
          client: {
            clientId: c.clientId,
            state: c.state,
            ...(c.state === 'draft' && c.successReportedAt !== undefined ? { successReported: true } : {}),
            kid: c.current.kid,
            createdAt: iso(c.current.createdAt),
            ageDays: Math.floor((now - c.current.createdAt) / 86_400_000),
            ...(c.current.expiresAt !== undefined ? { expiresAt: iso(c.current.expiresAt) } : {}),
            ...(due !== undefined ? { renewFrom: iso(due) } : {}),
            expired: c.current.expiresAt !== undefined && c.current.expiresAt <= now,
            ...(c.next ? { nextKid: c.next.kid } : {}),
            ...(c.renewal.lastSuccessAt !== undefined ? { lastRenewedAt: iso(c.renewal.lastSuccessAt) } : {}),
            ...(c.renewal.lastError
              ? {
                  lastRenewalError: {
                    code: c.renewal.lastError.code,
                    step: c.renewal.lastError.step,
                    at: iso(c.renewal.lastError.at),
                  },
                }
              : {}),
            renewalFailures: c.renewal.failures,
          },
        }
      : {}),
    abandonedDrafts: document.abandonedDrafts.map((d) => ({ clientId: d.clientId, at: iso(d.at), reason: d.reason })),
  };
}
