// Setting a workstation up through the embedded Selvbetjening, and what goes wrong on the way:
// the person refuses, the API key is refused, Selvbetjening is down, a scope waits for its owner.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSetup } from '../../../src/main/provisioning/setup-flow.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { failure, startEnv, workstation, type Env } from './support.ts';

let e: Env;
beforeAll(async () => (e = await startEnv()));
afterAll(() => e?.stop());

describe('setting up a workstation', () => {
  it('confirmed_thenLogsInWithItsOwnClientAndKey', async () => {
    const ws = await workstation(e);
    try {
      const steps: string[] = [];
      const result = await runSetup(ws.deps(), { onProgress: (step) => steps.push(step) });
      expect(result).toMatchObject({ ready: true, existing: false });
      expect(result.apis.map((a) => [a.name, a.status])).toEqual([
        ['person', 'ok'],
        ['record', 'ok'],
        ['front', 'ok'],
        ['back', 'ok'],
        ['registry', 'ok'],
        // the portal's two scopes (innlogging, tillitsrammeverk): one line each, as every scope has
        ['kjernejournal', 'ok'],
        ['kjernejournal', 'ok'],
        ['selvbetjening', 'ok'],
      ]);
      expect([...new Set(steps)]).toEqual([
        'generating-key',
        'creating-draft',
        'waiting-for-confirmation',
        'waiting-for-helseid',
        'checking-access',
        'done',
      ]);
      const record = (await ws.keyRing.client())!;
      expect(record).toMatchObject({ clientId: result.clientId, state: 'ready' });
      expect(record.current.expiresAt).toBeGreaterThan(Date.now());
      expect(record.current.kid).toMatch(/^[0-9a-f]{32}$/);

      const before = ws.assertionKids.length;
      await expect(ws.login()).resolves.toMatchObject({ name: 'Kari Nordmann' });
      expect(new Set(ws.assertionKids.slice(before))).toEqual(new Set([record.current.kid]));

      // a second set-up finds the working client and makes nothing new
      const again = await runSetup(ws.deps());
      expect(again).toMatchObject({ clientId: result.clientId, existing: true });
    } finally {
      await ws.close();
    }
  });

  it('refusedConfirmation_isReported_andTheDraftIsRecordedNotLost', async () => {
    const ws = await workstation(e);
    try {
      e.env.selvbetjening.set({ refuseNextConfirmation: true });
      const err = await failure(runSetup(ws.deps()));
      expect(err).toMatchObject({ code: 'setup-refused', detail: { status: 'Failed' } });
      const clientId = String(err.detail?.['client_id']);
      expect(errorText(err.code, 'en', err.detail).what).toContain(clientId);
      const doc = await ws.keyRing.document();
      expect(doc.client).toBeUndefined();
      expect(doc.abandonedDrafts).toEqual([expect.objectContaining({ clientId, reason: 'refused (Failed)' })]);
    } finally {
      await ws.close();
    }
  });

  it('apiKeyRejected_saysSo_andStoresNothing', async () => {
    const ws = await workstation(e);
    try {
      const wrongKey = path.join(ws.folder, 'wrong-api-key');
      await writeFile(wrongKey, 'not-the-key\n');
      const deps = ws.deps({
        config: { ...ws.config, provisioning: { ...ws.config.provisioning!, api_key_path: wrongKey } },
      });
      const err = await failure(runSetup(deps));
      expect(err).toMatchObject({ code: 'setup-api-key-rejected', detail: { status: 401 } });
      expect(await ws.keyRing.document()).toEqual({ version: 1, abandonedDrafts: [] });
    } finally {
      await ws.close();
    }
  });

  it('selvbetjeningDownDuringSetup_saysSo_andStoresNothing', async () => {
    const ws = await workstation(e);
    try {
      e.env.faults.set({ endpoints: { selvbetjening: { drop: true } } });
      const err = await failure(runSetup(ws.deps()));
      expect(err).toMatchObject({ code: 'selvbetjening-unreachable', retriable: true });
      expect(await ws.keyRing.document()).toEqual({ version: 1, abandonedDrafts: [] });
    } finally {
      e.env.faults.reset();
      await ws.close();
    }
  });

  it('pendingScope_isShownAsWaitingForTheApiOwner_andTheRestWorks', async () => {
    const ws = await workstation(e);
    try {
      e.env.selvbetjening.set({ pendingScope: 'nhn:helseid-desktop/record-api/tillitsrammeverk' });
      const result = await runSetup(ws.deps());
      expect(result.ready).toBe(false);
      expect(result.apis.find((a) => a.name === 'record')).toMatchObject({ status: 'pending' });
      expect(result.apis.filter((a) => a.status === 'ok').map((a) => a.name)).toEqual([
        'person',
        'front',
        'back',
        'registry',
        'kjernejournal',
        'kjernejournal',
        'selvbetjening',
      ]);
    } finally {
      e.env.selvbetjening.set({ pendingScope: undefined });
      await ws.close();
    }
  });

  it('cancelWhileWaitingForConfirmation_recordsTheDraft', async () => {
    const ws = await workstation(e);
    try {
      const cancel = new AbortController();
      // a "browser" that opens nothing: the person never answers, IT presses cancel
      const deps = ws.deps({ openExternal: async () => void setTimeout(() => cancel.abort(), 0) });
      const err = await failure(runSetup(deps, { signal: cancel.signal }));
      expect(err.code).toBe('setup-cancelled');
      const doc = await ws.keyRing.document();
      expect(doc.client).toBeUndefined();
      expect(doc.abandonedDrafts).toEqual([expect.objectContaining({ reason: 'cancelled' })]);
    } finally {
      await ws.close();
    }
  });
});
