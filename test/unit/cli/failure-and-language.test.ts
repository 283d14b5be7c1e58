// What a failed command prints, and in which language.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { CliFailure, failureLines } from '../../../src/main/cli/failure.ts';
import { chooseLanguage } from '../../../src/main/cli/language.ts';
import { UsageError } from '../../../src/main/cli/usage.ts';

describe('failure lines', () => {
  it('appError_printsTextFromTableNotTheMessage', () => {
    const err = new AppError('authority-unreachable', { message: 'fetch failed: secret-ish server text' });
    const lines = failureLines(err, 'en');
    expect(lines.join('\n')).not.toContain('secret-ish');
    expect(lines.at(-1)).toBe('(authority-unreachable)');
  });

  it('invalidConfig_namesFileAndField', () => {
    const err = new AppError('invalid-config', {
      detail: {
        file: '/etc/helseid-desktop/config.json',
        field: 'apis[0].resource',
        problem: 'expected a non-empty string',
      },
    });
    expect(failureLines(err, 'nb')[1]).toBe(
      'fil: /etc/helseid-desktop/config.json  felt: apis[0].resource  — forventet en tekst som ikke er tom',
    );
    expect(failureLines(err, 'en')[1]).toBe(
      'file: /etc/helseid-desktop/config.json  field: apis[0].resource  — expected a non-empty string',
    );
  });

  it('missingKeyFile_namesTheFileOnly_withoutAnEmptyFieldOrProblem', () => {
    const err = new AppError('client-key-invalid', { detail: { file: '/etc/helseid-desktop/client.jwk' } });
    expect(failureLines(err, 'nb')[1]).toBe('fil: /etc/helseid-desktop/client.jwk');
  });

  it('unknownField_andShapes_areSaidInNorwegian_valuesAsWritten', () => {
    const line = (problem: string) =>
      failureLines(new AppError('invalid-config', { detail: { file: 'c.json', field: 'x', problem } }), 'nb')[1];
    expect(line('unknown field (check the spelling)')).toBe('fil: c.json  felt: x  — ukjent felt (sjekk stavemåten)');
    expect(line('expected "logout" or "lock"')).toBe('fil: c.json  felt: x  — forventet "logout" eller "lock"');
    expect(line('missing: expected a non-empty string')).toBe(
      'fil: c.json  felt: x  — mangler: forventet en tekst som ikke er tom',
    );
  });

  it('nonAppError_isInternal_andCliFailureAddsItsLines', () => {
    expect(failureLines(new Error('boom'), 'en').at(-1)).toBe('(internal)');
    const lines = failureLines(
      new CliFailure(new AppError('card-pin-incorrect'), ['PIN: the card reports more than a few tries left']),
      'en',
    );
    expect(lines).toEqual([
      'Wrong PIN. Try again. The card is blocked after too many wrong tries.',
      'PIN: the card reports more than a few tries left',
      '(card-pin-incorrect)',
    ]);
  });
});

describe('chooseLanguage', () => {
  it('flagWins_thenLocale_thenBokmal', () => {
    expect(chooseLanguage('en', { LANG: 'nb_NO.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: 'nb_NO.UTF-8', LANG: 'en_US' })).toBe('nb');
    expect(chooseLanguage(undefined, {})).toBe('nb');
    expect(() => chooseLanguage('de', {})).toThrow(UsageError);
  });
});
