import { describe, expect, it } from 'vitest';
import { createExternalUrlPolicy } from '../../../src/main/app/external-links.ts';

describe('shell.openExternal policy', () => {
  const prod = createExternalUrlPolicy('https://helseid-sts.nhn.no', ['https://www.nhn.no/hjelp']);
  const embedded = createExternalUrlPolicy('http://127.0.0.1:36299');

  it('authorizationUrl_ofTheConfiguredAuthority_isOpened', () => {
    expect(prod('https://helseid-sts.nhn.no/connect/authorize?client_id=x&request_uri=urn:y')).toBe(true);
    expect(prod('https://helseid-sts.nhn.no/connect/endsession?id_token_hint=z')).toBe(true);
    expect(embedded('http://127.0.0.1:36299/connect/authorize?client_id=x')).toBe(true);
  });

  it('theAppsOwnEndSessionPage_onLoopback_isOpened_withNothingElseOnIt', () => {
    expect(prod('http://127.0.0.1:40123/hand-off/0123456789abcdef0123456789abcdef')).toBe(true);
    expect(prod('http://127.0.0.1:40123/hand-off/0123456789abcdef0123456789abcdef?id_token_hint=x')).toBe(false);
    expect(prod('http://127.0.0.1:40123/hand-off/../callback')).toBe(false);
    expect(prod('http://localhost:40123/hand-off/0123456789abcdef0123456789abcdef')).toBe(false);
  });

  it('exactHttpsLink_theAppBuilt_isOpened_othersAreNot', () => {
    expect(prod('https://www.nhn.no/hjelp')).toBe(true);
    expect(prod('https://www.nhn.no/hjelp/other')).toBe(false);
    expect(prod('https://example.com/')).toBe(false);
  });

  it('dangerousOrForeignUrls_areRefused', () => {
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'vbscript:x',
      'http://helseid-sts.nhn.no/connect/authorize', // downgraded
      'https://helseid-sts.nhn.no.evil.com/connect/authorize',
      'https://user:pw@helseid-sts.nhn.no/',
      'http://127.0.0.1:9999/',
      'garbage',
    ]) {
      expect(prod(url), url).toBe(false);
    }
    expect(embedded('http://127.0.0.1:1234/connect/authorize'), 'other port').toBe(false);
  });
});
