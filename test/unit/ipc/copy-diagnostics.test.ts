// The diagnostics report reaches the clipboard through main (Electron's sandboxed window may not
// write it), and the renderer cannot choose the text: main builds the report itself. Every window
// mode serves this channel through the same windowHandlers (src/main/services/mode-router.ts).
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { modeDispatch, windowHandlers } from '../../../src/main/services/mode-router.ts';

function dispatchWith(copyText?: (text: string) => void) {
  return modeDispatch({
    served: windowHandlers({
      view: () => {
        throw new Error('not used');
      },
      setLanguage: () => {},
      diagnostics: async () => 'report',
      copyText,
    }),
    refusal: () => new AppError('internal'),
    log: () => {},
  });
}

describe('copy diagnostics', () => {
  it('copyDiagnostics_withAClipboard_copiesTheReportMainBuilt', async () => {
    const copied = vi.fn((_text: string) => {});
    expect(await dispatchWith(copied)('app:copy-diagnostics', undefined)).toEqual({ ok: true, value: { ok: true } });
    expect(copied).toHaveBeenCalledWith('report');
  });

  it('copyDiagnostics_withoutAClipboard_saysSo_soTheWindowCanCopyItself', async () => {
    expect(await dispatchWith()('app:copy-diagnostics', undefined)).toEqual({
      ok: false,
      error: { code: 'clipboard-unavailable', retriable: false },
    });
  });

  it('copyDiagnostics_takesNoTextFromTheRenderer', async () => {
    expect(await dispatchWith(() => {})('app:copy-diagnostics', { text: 'anything' })).toMatchObject({
      ok: false,
      error: { code: 'ipc-invalid-request' },
    });
  });
});
