// The IPC layer's part of "the last error the person saw": every error answered to the window is
// recorded with its time and detail (a cancel is not an error the person saw), and the report
// takes the later of the controller's and the IPC layer's.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { createIpcRouter, type IpcHandlers } from '../../../src/main/ipc/ipc-router.ts';
import { createLastErrorLog, latestError } from '../../../src/main/diagnostics/last-error.ts';

const refusing = (error: AppError) =>
  ({
    'session:switch-unit': async () => {
      throw error;
    },
  }) as unknown as IpcHandlers;

describe('last error answered over IPC', () => {
  it('anErrorAnsweredToTheWindow_isRecordedWithItsTimeAndDetail', async () => {
    let now = 1_000;
    const log = createLastErrorLog(() => now);
    const dispatch = createIpcRouter(
      refusing(
        new AppError('refresh-token-expired', {
          detail: { error: 'invalid_grant', status: 400, description: 'refresh token not found' },
          message: 'not kept',
        }),
      ),
      () => {},
      { onError: log.record },
    );
    now = 2_000;
    await dispatch('session:switch-unit', { organization: '987654325' });
    expect(log.last()).toEqual({
      code: 'refresh-token-expired',
      at: 2_000,
      detail: { error: 'invalid_grant', status: 400, description: 'refresh token not found' },
    });
  });

  it('anInvalidRequest_isRecorded_butACancelIsNot', async () => {
    const log = createLastErrorLog(() => 5);
    await createIpcRouter(refusing(new AppError('login-cancelled')), () => {}, { onError: log.record })(
      'session:switch-unit',
      { organization: '987654325' },
    );
    expect(log.last()).toBeUndefined();
    await createIpcRouter(refusing(new AppError('internal')), () => {}, { onError: log.record })('session:login', {
      cardId: '',
    });
    expect(log.last()).toMatchObject({ code: 'ipc-invalid-request', detail: { field: 'cardId' } });
  });

  it('theReport_takesTheLaterOfTheControllersAndTheIpcLayersLastError', () => {
    const shown = { code: 'card-removed', at: 10 };
    const answered = { code: 'refresh-token-expired', at: 20 };
    expect(latestError(shown, answered)).toBe(answered);
    expect(latestError(answered, { ...shown, at: 30 })).toMatchObject({ code: 'card-removed' });
    expect(latestError(undefined, undefined)).toBeUndefined();
  });
});
