import { describe, expect, it } from 'vitest';
import { duplicateErrorCodes, errorText, knownErrorCodes } from '../../../src/shared/errors/error-texts.ts';

describe('error text table', () => {
  it('everyCode_hasTitleWhatAndTodo_inBothLanguages', () => {
    for (const code of knownErrorCodes()) {
      for (const language of ['nb', 'en'] as const) {
        const text = errorText(code, language);
        expect(text.title, `${code}/${language}`).not.toBe('');
        expect(text.what, `${code}/${language}`).not.toBe('');
        expect(text.todo, `${code}/${language}`).not.toBe('');
      }
    }
  });

  it('noCode_isDefinedByTwoSubsystems', () => {
    expect(duplicateErrorCodes()).toEqual([]);
  });

  it('unknownCode_fallsBackToTheInternalText', () => {
    expect(errorText('no-such-code', 'en')).toEqual(errorText('internal', 'en'));
  });

  it('placeholders_areFilledFromDetail', () => {
    expect(errorText('no-configuration', 'en', { file: '/etc/helseid-desktop/config.json' }).todo).toContain(
      '/etc/helseid-desktop/config.json',
    );
  });
});
