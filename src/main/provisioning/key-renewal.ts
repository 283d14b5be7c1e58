// Renewing the installation's key without ever risking it (issue 10): new key pair → token signed
// with the CURRENT key → POST /v1/client-secret with the new public key → the new key stored BESIDE
// the old (`next`) → a token signed with the NEW key proves it → only then the old key is dropped.
// Each write is atomic, so a crash between any two steps leaves the current key working; a stored
// `next` found at start-up is proven (and promoted) first. Selvbetjening keeps several keys valid at
// once, so the old key still works while the new one is being proven.
import { AppError, isAppError, errorCode } from '../../shared/errors/app-error.ts';
import type { ClientRecord } from '../keys/client-record.ts';
import { expiredKeyError } from '../keys/key-ring.ts';
import { generateClientKey } from '../keys/key-pair.ts';
import { connectionDeps, provisioningOf, sleeper, type ProvisioningDeps } from './provisioning-deps.ts';
import { isRenewalDue } from './renewal-policy.ts';
import { addClientSecret, listClientSecrets } from './selvbetjening-api.ts';
import { connectAs } from './selvbetjening-connection.ts';
import { waitUntilAccepted } from './wait-for-client.ts';

export type RenewalStep = 'generated' | 'token-with-current' | 'registered' | 'stored' | 'proven' | 'done';

export interface RenewalDeps extends ProvisioningDeps {
  /** called after each step (tests stop the "process" here to prove a crash leaves a working key) */
  readonly afterStep?: (step: RenewalStep) => void | Promise<void>;
}

export interface RenewalOutcome {
  readonly renewed: boolean;
  readonly clientId: string;
  readonly kid: string;
  readonly expiresAt?: number;
  /** a renewal interrupted earlier was finished */
  readonly resumed?: boolean;
}

const POLL_MS = 2_000;

export async function renewKey(deps: RenewalDeps, options: { force?: boolean } = {}): Promise<RenewalOutcome> {
  const provisioning = provisioningOf(deps.config);
  const clock = deps.clock ?? Date.now;
  const log = deps.log ?? (() => {});
  const step = async (name: RenewalStep) => {
    current = name;
    await deps.afterStep?.(name);
  };
  let current: RenewalStep | 'start' = 'start';
  const record = await deps.keyRing.client();
  if (record === undefined || record.state === 'draft') throw new AppError('workstation-not-set-up');
  const connection = connectionDeps(deps);
  const waitOptions = {
    timeoutMs: provisioning.ready_timeout_seconds * 1000,
    intervalMs: deps.pollIntervalMs ?? POLL_MS,
    clock,
    sleep: sleeper(deps),
    step: 'new-key',
  };

  try {
    // 1. a renewal stopped after storing its new key: prove it, then it becomes current
    if (record.next) {
      log(`key renewal: proving key ${record.next.kid} stored by an earlier renewal`);
      await waitUntilAccepted(connection, record.clientId, await deps.keyRing.imported(record.next), waitOptions);
      const promoted = await promote(deps, record.next.kid, clock());
      return {
        renewed: true,
        resumed: true,
        clientId: record.clientId,
        kid: promoted.current.kid,
        ...(promoted.current.expiresAt ? { expiresAt: promoted.current.expiresAt } : {}),
      };
    }
    if (record.current.expiresAt !== undefined && record.current.expiresAt <= clock())
      throw expiredKeyError(record.clientId, record.current.expiresAt);
    const known = record.current.expiresAt === undefined ? await learnExpiry(deps, record) : record;
    if (!options.force && !isRenewalDue(known.current, provisioning.renewal, clock())) {
      return {
        renewed: false,
        clientId: known.clientId,
        kid: known.current.kid,
        ...(known.current.expiresAt ? { expiresAt: known.current.expiresAt } : {}),
      };
    }

    const fresh = await generateClientKey(clock(), deps.modulusLength);
    await step('generated');
    const asCurrent = await connectAs(connection, known.clientId, await deps.keyRing.imported(known.current));
    await asCurrent.token();
    await step('token-with-current');
    const { expiresAt } = await addClientSecret(asCurrent, fresh.publicJwk);
    await step('registered');
    await deps.keyRing.update((doc) => ({ ...doc, client: { ...doc.client!, next: { ...fresh.stored, expiresAt } } }));
    await step('stored');
    await waitUntilAccepted(connection, known.clientId, await deps.keyRing.imported(fresh.stored), waitOptions);
    await step('proven');
    await promote(deps, fresh.stored.kid, clock());
    await step('done');
    log(`key renewal: client ${known.clientId} now signs with key ${fresh.stored.kid}`);
    return { renewed: true, clientId: known.clientId, kid: fresh.stored.kid, expiresAt };
  } catch (err) {
    const code = errorCode(err);
    const failedStep = current === 'start' ? 'start' : nextStepAfter(current);
    await deps.keyRing
      .update((doc) =>
        doc.client
          ? {
              ...doc,
              client: {
                ...doc.client,
                renewal: {
                  ...doc.client.renewal,
                  failures: doc.client.renewal.failures + 1,
                  lastAttemptAt: clock(),
                  lastError: { code, step: failedStep, at: clock() },
                },
              },
            }
          : doc,
      )
      .catch(() => log('key renewal: could not record the failure'));
    log(`key renewal failed at ${failedStep}: ${code}`);
    if (isAppError(err) && (err.code === 'client-key-expired' || err.code === 'workstation-not-set-up')) throw err;
    throw new AppError('key-renewal-failed', { retriable: true, detail: { step: failedStep, code }, cause: err });
  }
}

/** The proven `next` replaces the current key; the old one is dropped from the store. */
async function promote(deps: RenewalDeps, kid: string, now: number): Promise<ClientRecord> {
  const doc = await deps.keyRing.update((d) => {
    const client = d.client!;
    if (client.next?.kid !== kid) return d;
    const { next, ...rest } = client;
    return {
      ...d,
      client: { ...rest, current: next, renewal: { failures: 0, lastAttemptAt: now, lastSuccessAt: now } },
    };
  });
  return doc.client!;
}

/** The current key's expiry, from GET /v1/client-secret (set-up may not have learnt it). */
async function learnExpiry(deps: RenewalDeps, record: ClientRecord): Promise<ClientRecord> {
  const asCurrent = await connectAs(connectionDeps(deps), record.clientId, await deps.keyRing.imported(record.current));
  const secrets = await listClientSecrets(asCurrent);
  const expiresAt = secrets.find((s) => s.kid === record.current.kid)?.expiresAt;
  if (expiresAt === undefined) return record;
  const doc = await deps.keyRing.update((d) => ({
    ...d,
    client: { ...d.client!, current: { ...d.client!.current, expiresAt } },
  }));
  return doc.client!;
}

const ORDER: readonly (RenewalStep | 'start')[] = [
  'start',
  'generated',
  'token-with-current',
  'registered',
  'stored',
  'proven',
  'done',
];
/** the step that failed is the one after the last completed */
function nextStepAfter(done: RenewalStep): string {
  return ORDER[ORDER.indexOf(done) + 1] ?? done;
}
