// The language of what the command line prints: --lang, else the locale variables, else bokmål
// (the app's default; clinic machines are Norwegian).
import type { Language } from '../../shared/errors/error-texts.ts';
import { UsageError } from './usage.ts';

export function chooseLanguage(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Language {
  if (flag !== undefined) {
    if (flag === 'nb' || flag === 'en') return flag;
    throw new UsageError(`--lang must be "nb" or "en", not "${flag.slice(0, 20)}"`);
  }
  const locale = (env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '').toLowerCase();
  return /^en/.test(locale) ? 'en' : 'nb';
}
