// The diagnostics report reaches the clipboard through main (Electron's sandboxed window may not
// write it), and the renderer cannot choose the text: main builds the report itself.
import { describe, expect, it, vi } from 'vitest';
import type { AppController } from '../../../src/main/controller/app-controller.ts';
import { createIpcHandlers } from '../../../src/main/ipc/handlers.ts';
import { createIpcRouter } from '../../../src/main/ipc/ipc-router.ts';

const controller = {} as AppController; // this channel never touches the controller
const settings = () => {
  throw new Error('not used');
};

describe('copy diagnostics', () => {
  it('copyDiagnostics_withAClipboard_copiesTheReportMainBuilt', async () => {
    const copied = vi.fn(async () => {});
    const dispatch = createIpcRouter(
      createIpcHandlers(controller, { settings, diagnostics: async () => 'report', copyDiagnostics: copied }),
    );
    expect(await dispatch('app:copy-diagnostics', undefined)).toEqual({ ok: true, value: { ok: true } });
    expect(copied).toHaveBeenCalledTimes(1);
  });

  it('copyDiagnostics_withoutAClipboard_saysSo_soTheWindowCanCopyItself', async () => {
    const dispatch = createIpcRouter(createIpcHandlers(controller, { settings, diagnostics: async () => 'report' }));
    expect(await dispatch('app:copy-diagnostics', undefined)).toEqual({
      ok: false,
      error: { code: 'clipboard-unavailable', retriable: false },
    });
  });

  it('copyDiagnostics_takesNoTextFromTheRenderer', async () => {
    const dispatch = createIpcRouter(
      createIpcHandlers(controller, { settings, diagnostics: async () => 'report', copyDiagnostics: async () => {} }),
    );
    expect(await dispatch('app:copy-diagnostics', { text: 'anything' })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
  });
});
