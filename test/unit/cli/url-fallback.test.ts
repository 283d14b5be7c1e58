// When the browser cannot be confirmed open, the CLI prints the address instead of claiming it opened.
import { describe, expect, it } from 'vitest';
import { hasDesktop, withUrlFallback } from '../../../src/main/cli/url-fallback.ts';

const URL = 'https://helseid.example/connect/authorize?client_id=c&request_uri=urn:x';

describe('withUrlFallback', () => {
  it('openerSucceeds_printsNothing_andReportsOpened', async () => {
    const printed: string[] = [];
    const opener = withUrlFallback(async () => {}, { canOpen: true, language: 'en', print: (l) => printed.push(l) });
    await opener.open(URL);
    expect(printed).toEqual([]);
    expect(opener.opened()).toBe(true);
  });

  it('openerFails_printsTheAddressInEnglish_andReportsNotOpened', async () => {
    const printed: string[] = [];
    const opener = withUrlFallback(() => Promise.reject(new Error('spawn xdg-open ENOENT')), {
      canOpen: true,
      language: 'en',
      print: (l) => printed.push(l),
    });
    await opener.open(URL);
    expect(printed).toEqual([`Open this address in your browser: ${URL}`]);
    expect(opener.opened()).toBe(false);
  });

  it('noDesktop_neverTriesTheOpener_andPrintsTheAddressInNorwegian', async () => {
    const printed: string[] = [];
    let tried = false;
    const opener = withUrlFallback(
      async () => {
        tried = true;
      },
      { canOpen: false, language: 'nb', print: (l) => printed.push(l) },
    );
    await opener.open(URL);
    expect(tried).toBe(false);
    expect(printed).toEqual([`Åpne denne adressen i nettleseren: ${URL}`]);
    expect(opener.opened()).toBe(false);
  });

  it('hasDesktop_linuxNeedsDisplayOrWayland_macAndWindowsAlwaysHaveOne', () => {
    expect(hasDesktop('linux', {})).toBe(false);
    expect(hasDesktop('linux', { DISPLAY: '' })).toBe(false);
    expect(hasDesktop('linux', { DISPLAY: ':0' })).toBe(true);
    expect(hasDesktop('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(hasDesktop('darwin', {})).toBe(true);
    expect(hasDesktop('win32', {})).toBe(true);
  });
});
