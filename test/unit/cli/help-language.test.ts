// `--help` speaks the language every other text of the command line speaks: --lang, else LANG,
// else bokmål (it was English only).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main/cli/main.ts';

async function help(args: string[], lang?: string): Promise<string> {
  let out = '';
  const sink = new Writable({ write: (chunk, _e, done) => ((out += String(chunk)), done()) });
  const code = await main(args, { stdout: sink, stderr: sink, stdin: process.stdin, env: lang ? { LANG: lang } : {} });
  expect(code).toBe(0);
  return out;
}

describe('help in the chosen language', () => {
  it('help_withoutLang_isInBokmaal', async () => {
    expect(await help(['--help'])).toMatch(/^bruk: helseid-desktop <kommando> \[valg\]\n\nKommandoer:/);
    expect(await help(['key', '--help'])).toMatch(/^bruk: helseid-desktop key status\|renew/);
  });

  it('help_withAnEnglishLang_orLangEn_isInEnglish', async () => {
    expect(await help(['--help'], 'en_GB.UTF-8')).toMatch(/^usage: helseid-desktop <command> \[options\]/);
    expect(await help(['doctor', '--help', '--lang', 'en'])).toMatch(/^usage: helseid-desktop doctor/);
  });
});
