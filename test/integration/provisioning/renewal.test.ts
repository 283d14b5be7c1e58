// Renewing the key: the next login signs with the new kid; Selvbetjening down during a renewal leaves
// the old key working and the failure recorded; a crash after ANY step leaves a working key and the
// next run finishes the job; an expired key gives IT a message naming the client and the time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewKey, type RenewalStep } from '../../../src/main/provisioning/key-renewal.ts';
import { connectAs } from '../../../src/main/provisioning/selvbetjening-connection.ts';
import { connectionDeps } from '../../../src/main/provisioning/provisioning-deps.ts';
import { runSetup } from '../../../src/main/provisioning/setup-flow.ts';
import type { AppError } from '../../../src/shared/errors/app-error.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { startEnv, workstation, type Env, type Workstation } from './support.ts';

let e: Env;
beforeAll(async () => (e = await startEnv()));
afterAll(() => e?.stop());

class Crash extends Error {}

async function setUp(): Promise<Workstation> {
  const ws = await workstation(e);
  await runSetup(ws.deps());
  return ws;
}

/** The key the store calls current gets a token from HelseID: the installation works. */
async function currentKeyWorks(ws: Workstation): Promise<string> {
  const record = (await ws.keyRing.client())!;
  const connection = await connectAs(connectionDeps(ws.deps()), record.clientId, await ws.keyRing.currentKey());
  await connection.token();
  return record.current.kid;
}

describe('key renewal', () => {
  it('keyRenew_rotatesTheKey_andTheNextLoginUsesTheNewKid', async () => {
    const ws = await setUp();
    try {
      const old = (await ws.keyRing.client())!.current.kid;
      const outcome = await renewKey(ws.deps(), { force: true });
      expect(outcome).toMatchObject({ renewed: true });
      expect(outcome.kid).not.toBe(old);
      const record = (await ws.keyRing.client())!;
      expect(record.current.kid).toBe(outcome.kid);
      expect(record.next).toBeUndefined();
      expect(JSON.stringify(await ws.keyRing.document())).not.toContain(old); // the old key is gone from the store
      expect(record.renewal).toMatchObject({ failures: 0, lastSuccessAt: expect.any(Number) });

      const before = ws.assertionKids.length;
      await ws.login();
      expect(new Set(ws.assertionKids.slice(before))).toEqual(new Set([outcome.kid]));
    } finally {
      await ws.close();
    }
  });

  it('notDue_doesNothing_unlessForced', async () => {
    const ws = await setUp();
    try {
      const kid = (await ws.keyRing.client())!.current.kid;
      await expect(renewKey(ws.deps())).resolves.toMatchObject({ renewed: false, kid });
    } finally {
      await ws.close();
    }
  });

  it('selvbetjeningDownDuringRenewal_keepsTheOldKeyWorking_andRecordsTheFailure', async () => {
    const ws = await setUp();
    try {
      const kid = (await ws.keyRing.client())!.current.kid;
      e.env.faults.set({ endpoints: { selvbetjening: { drop: true } } });
      const err = await renewKey(ws.deps(), { force: true }).then(
        () => undefined,
        (x: unknown) => x as AppError,
      );
      expect(err).toMatchObject({
        code: 'key-renewal-failed',
        retriable: true,
        detail: { step: 'registered', code: 'selvbetjening-unreachable' },
      });
      expect((await ws.keyRing.client())!.renewal).toMatchObject({
        failures: 1,
        lastError: { code: 'selvbetjening-unreachable', step: 'registered' },
      });
      e.env.faults.reset();
      expect(await currentKeyWorks(ws)).toBe(kid);
      await expect(renewKey(ws.deps(), { force: true })).resolves.toMatchObject({ renewed: true });
    } finally {
      e.env.faults.reset();
      await ws.close();
    }
  });

  const steps: RenewalStep[] = ['generated', 'token-with-current', 'registered', 'stored', 'proven'];
  for (const step of steps) {
    it(`crashAfter_${step}_leavesAWorkingKey_andTheNextRunFinishes`, async () => {
      const ws = await setUp();
      try {
        const original = (await ws.keyRing.client())!.current.kid;
        const crashing = ws.deps();
        await expect(
          renewKey(
            {
              ...crashing,
              afterStep: (s) => {
                if (s === step) throw new Crash(step);
              },
            },
            { force: true },
          ),
        ).rejects.toMatchObject({ code: 'key-renewal-failed' });

        // the process is gone: a new one reads the store from disk
        ws.restart();
        const afterCrash = await currentKeyWorks(ws);
        expect(afterCrash).toBe(original); // the old key until the new one is proven
        const stored = (await ws.keyRing.client())!;
        expect(stored.next !== undefined).toBe(step === 'stored' || step === 'proven');

        const outcome = await renewKey(ws.deps(), { force: true });
        expect(outcome.renewed).toBe(true);
        expect(outcome.resumed === true).toBe(step === 'stored' || step === 'proven');
        expect(await currentKeyWorks(ws)).toBe(outcome.kid);
        expect(outcome.kid).not.toBe(original);
        await ws.login();
      } finally {
        await ws.close();
      }
    });
  }

  it('expiredKey_givesItsMessage_namingTheClientAndSinceWhen', async () => {
    const ws = await setUp();
    try {
      const record = (await ws.keyRing.client())!;
      // our own record knows the expiry: refused before HelseID is even asked
      await ws.keyRing.update((doc) => ({
        ...doc,
        client: { ...doc.client!, current: { ...doc.client!.current, expiresAt: Date.parse('2026-01-02T03:04:05Z') } },
      }));
      const err = await ws.login().then(
        () => undefined,
        (x: unknown) => x as AppError,
      );
      expect(err).toMatchObject({
        code: 'client-key-expired',
        detail: { client_id: record.clientId, expired_at: '2026-01-02T03:04:05.000Z' },
      });
      const text = errorText(err!.code, 'en', err!.detail);
      expect(text.what).toContain(record.clientId);
      expect(text.what).toContain('2026-01-02T03:04:05.000Z');
      expect(text.todo).toContain('helseid-desktop setup');
    } finally {
      await ws.close();
    }
  });

  it('keyExpiredAtHelseId_isNamedAsSuch_notAsAClockProblem', async () => {
    let shift = 0;
    const late = await startEnv({ now: () => Date.now() + shift });
    const ws = await workstation(late);
    try {
      await runSetup(ws.deps());
      const record = (await ws.keyRing.client())!;
      // our record forgets the expiry (as if it never learnt it); HelseID's clock passes it
      await ws.keyRing.update((doc) => ({
        ...doc,
        client: {
          ...doc.client!,
          current: {
            kid: doc.client!.current.kid,
            privateJwk: doc.client!.current.privateJwk,
            createdAt: doc.client!.current.createdAt,
          },
        },
      }));
      shift = 400 * 86_400_000;
      const err = await ws.login().then(
        () => undefined,
        (x: unknown) => x as AppError,
      );
      expect(err).toMatchObject({ code: 'client-key-expired', detail: { client_id: record.clientId } });
    } finally {
      await ws.close();
      await late.stop();
    }
  });
});
