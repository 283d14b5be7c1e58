// The set-up controller's state machine with a scripted runSetup (our own interface): progress goes
// forward only, cancel says "Avbryter …" then "cancelled" with the draft recorded, and a failure
// keeps only the error table's non-secret details.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { SetupController } from '../../../src/main/provisioning/setup-controller.ts';
import type { SetupDeps } from '../../../src/main/provisioning/setup-flow.ts';

const deps = {} as SetupDeps; // never read: the scripted run stands in for runSetup

describe('setup controller', () => {
  it('progress_goesForwardOnly_evenWhenAnEarlierStepIsReportedAgain', async () => {
    const seen: (string | undefined)[] = [];
    const c = new SetupController({
      setupDeps: deps,
      run: async (_d, o) => {
        o!.onProgress!('generating-key');
        o!.onProgress!('waiting-for-helseid', { clientId: 'c1', attempt: 1 });
        o!.onProgress!('creating-draft');
        o!.onProgress!('waiting-for-helseid', { clientId: 'c1', attempt: 2 });
        return {
          clientId: 'c1',
          apis: [{ name: 'person', scope: 's', status: 'pending' }],
          ready: false,
          existing: false,
        };
      },
    });
    c.onChange(() => seen.push(c.state().step));
    await c.start();
    expect(seen).toEqual(['generating-key', 'waiting-for-helseid', 'done']);
    expect(c.state()).toEqual({
      state: 'done',
      step: 'done',
      clientId: 'c1',
      apis: [{ name: 'person', status: 'pending' }],
    });
  });

  it('cancelWhileWaitingForConfirmation_showsCancelling_thenCancelledWithTheDraftRecorded', async () => {
    const states: string[] = [];
    const c = new SetupController({
      setupDeps: deps,
      run: (_d, o) =>
        new Promise((_, reject) => {
          o!.onProgress!('waiting-for-confirmation', { clientId: 'draft-1' });
          o!.signal!.addEventListener('abort', () => reject(new AppError('setup-cancelled', { retriable: true })));
        }),
    });
    c.onChange(() => states.push(c.state().state));
    const done = c.start();
    c.cancel();
    await done;
    expect(states).toEqual(['running', 'running', 'cancelling', 'cancelled']);
    expect(c.state()).toEqual({ state: 'cancelled', clientId: 'draft-1', draftRecorded: true });
  });

  it('failure_keepsTheErrorCodeAndOnlyTheTablesNonSecretDetails', async () => {
    const c = new SetupController({
      setupDeps: deps,
      run: async () => {
        throw new AppError('setup-refused', { detail: { client_id: 'x', status: 'Failed', token: 'eyJ.secret' } });
      },
    });
    await c.start();
    expect(c.state()).toEqual({
      state: 'failed',
      error: { code: 'setup-refused', retriable: false, detail: { client_id: 'x', status: 'Failed' } },
    });
  });
});
