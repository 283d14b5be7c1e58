// API answers reach the window (the closed "Detaljer for IT" part) and the CLI's output only
// through redactForRenderer. Each hostile way of writing a national id number or carrying a token
// is a named case; so is each harmless look-alike that must stay readable.
import { describe, expect, it } from 'vitest';
import { maskNationalId, redactForRenderer } from '../../../src/main/controller/redact.ts';
import { isNationalIdNumber } from '../../../src/shared/national-id.ts';

const PID = '13827099842'; // a test person's number: synthetic, both check digits valid
const out = (value: unknown) => JSON.stringify(redactForRenderer(value));
// 43 base64url characters: what oidc-provider's (and many servers') opaque refresh tokens look like
const OPAQUE = 'q3ZlcE9tX2hJb1N0Y2tNZ3RfN2FBcDJ6eEt1Ulh4WnY';
const HEX64 = 'a3f1c9e04b7d2e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f';

describe('redactForRenderer: national id numbers', () => {
  it('nationalIdNumbers_areMasked_wherever_they_are', () => {
    const body = { person: { 'helseid://claims/identity/pid': PID, note: `pid ${PID} ok` }, list: [13827099842] };
    const text = out(body);
    expect(text).not.toContain(PID);
    expect(text).toContain('138270*****');
  });

  it('nationalId_withCountryPrefix_NO13827099842_isMasked', () => {
    expect(redactForRenderer({ id: `NO${PID}` })).toEqual({ id: 'NO138270*****' });
  });

  it('nationalId_insideAnIdentifier_pid_13827099842_x_isMasked', () => {
    expect(redactForRenderer(`pid_${PID}_x`)).toBe('pid_138270*****_x');
  });

  it('nationalId_writtenWithASeparatorAfterTheBirthDate_isMasked', () => {
    expect(redactForRenderer('fnr 138270 99842.')).toBe('fnr 138270 *****.');
    expect(redactForRenderer('fnr 138270-99842')).toBe('fnr 138270-*****');
    expect(redactForRenderer('fnr 138270\u00a099842')).toBe('fnr 138270\u00a0*****');
  });

  it('nationalId_withSeparatorsElsewhere_passingTheChecksum_isMasked', () => {
    const text = String(redactForRenderer('ref 13 82 70 998 42 end'));
    expect(text.replace(/\D/g, '')).not.toContain(PID);
    expect(text).toBe('ref 13 82 70 *** ** end');
  });

  it('nationalId_insideALongerDigitRun_passingTheChecksum_isMasked', () => {
    const text = String(redactForRenderer(`00${PID}7`));
    expect(text).not.toContain(PID);
    expect(text).toBe('00138270*****7');
  });

  it('nationalId_asJsonNumber_isMasked', () => {
    expect(redactForRenderer({ n: 13827099842 })).toEqual({ n: '138270*****' });
  });

  it('nationalId_asAnObjectKey_isMasked', () => {
    const text = out({ [PID]: { name: 'Kari' }, [`person-${PID}`]: 1 });
    expect(text).not.toContain(PID);
    expect(text).toContain('"138270*****"');
    expect(text).toContain('"person-138270*****"');
  });

  it('digitRuns_thatAreNotNationalIdNumbers_areKept', () => {
    // organization number, HPR number, a 13-digit GLN with no valid window, a date, an amount
    expect(
      redactForRenderer({
        org: '983163327',
        hpr: '9144900',
        gln: '7080001234568',
        date: '2026-11-28',
        amount: '123 456 789.00',
        level: 4,
      }),
    ).toEqual({
      org: '983163327',
      hpr: '9144900',
      gln: '7080001234568',
      date: '2026-11-28',
      amount: '123 456 789.00',
      level: 4,
    });
    expect(maskNationalId('org 983163327')).toBe('org 983163327');
  });

  it('checksum_bothControlDigitsAreChecked', () => {
    expect(isNationalIdNumber(PID)).toBe(true);
    expect(isNationalIdNumber('13827099843')).toBe(false); // second control digit wrong
    expect(isNationalIdNumber('13827099852')).toBe(false); // first control digit wrong
    expect(isNationalIdNumber('1382709984')).toBe(false);
    expect(isNationalIdNumber('1382709984x')).toBe(false);
  });
});

describe('redactForRenderer: tokens and other opaque secrets', () => {
  it('tokens_areRemoved_byShapeAndByKey', () => {
    const text = out({ echo: 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig', refresh_token: 'opaque-value' });
    expect(text).not.toContain('eyJhbGciOiJFUzI1NiJ9');
    expect(text).not.toContain('opaque-value');
  });

  it('opaqueToken_underAShortKey_rt_isRedacted', () => {
    expect(redactForRenderer({ rt: OPAQUE, at: OPAQUE })).toEqual({ rt: '[redacted]', at: '[redacted]' });
  });

  it('shortSecret_underAShortSecretKeyName_isRedacted', () => {
    expect(redactForRenderer({ rt: 'abc', dpop: 'x.y.z', authorization: 'DPoP abc' })).toEqual({
      rt: '[redacted]',
      dpop: '[redacted]',
      authorization: '[redacted]',
    });
  });

  it('opaqueToken_underAnUnknownKey_orInFreeText_isRedacted', () => {
    expect(redactForRenderer({ whatever: OPAQUE })).toEqual({ whatever: '[redacted]' });
    expect(redactForRenderer(`session ${OPAQUE}, kept`)).toBe('session [redacted], kept');
    expect(redactForRenderer([`${OPAQUE}==`])).toEqual(['[redacted]']);
  });

  it('longHexRun_isRedacted', () => {
    expect(redactForRenderer({ handle: HEX64.toUpperCase(), h: HEX64.slice(0, 32) })).toEqual({
      handle: '[redacted]',
      h: '[redacted]',
    });
  });

  it('jwtAndJweShapes_areRedacted', () => {
    const jwe =
      'eyJhbGciOiJSU0EtT0FFUCJ9.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ';
    const text = out({ a: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', b: jwe, c: `x ${jwe} y` });
    expect(text).not.toMatch(/eyJ|OKOaw|5eym8/);
  });

  it('tokenTypeNames_areNotSecrets_andStayReadable', () => {
    const body = {
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'DPoP',
      access_token: 'opaque',
    };
    expect(redactForRenderer(body)).toEqual({
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'DPoP',
      access_token: '[redacted]',
    });
  });

  it('readableLongValues_uuidsUrlsScopesAndWords_areKept', () => {
    const body = {
      decision: '0b8f2a6e-3c1d-4e5f-9a7b-2c3d4e5f6a7b',
      url: 'https://api.example.no/api/person/me?include=all',
      scope: 'nhn:helseid-desktop/person-api/read',
      oid: 'urn:oid:2.16.578.1.12.4.1.4.101',
      words: 'helseid_desktop_configuration_value_without_digits',
      kebab: 'helseid-desktop-person-api-read-scope-2026',
      sentence: 'The quick brown fox jumps over the lazy dog.',
    };
    expect(redactForRenderer(body)).toEqual(body);
  });

  it('hprNumbers_andOtherShortNumbers_areKept', () => {
    expect(redactForRenderer({ hpr: '9144900', level: 4 })).toEqual({ hpr: '9144900', level: 4 });
  });
});

describe('redactForRenderer: answers far larger than anyone reads', () => {
  const TEN_MB = 10 * 1024 * 1024;
  it.each([
    ['a readable run', 'a1'.repeat(TEN_MB / 2)],
    ['an opaque run', OPAQUE.repeat(Math.ceil(TEN_MB / OPAQUE.length))],
    ['national id numbers with spaces', `${PID} `.repeat(Math.ceil(TEN_MB / 12))],
    ['digits only', '1'.repeat(TEN_MB)],
    ['a JWT-looking run', `eyJ${'A'.repeat(TEN_MB)}.eyJ${'b'.repeat(10)}.x`],
  ])('tenMegabyteString_%s_isCutBeforeTheSecretPatterns_andNothingSecretIsLeftAtTheCut', (_shape, huge) => {
    const shown = (redactForRenderer({ note: huge }) as { note: string }).note;
    expect(shown.length).toBeLessThanOrEqual(4_001);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).not.toContain(PID);
    expect(shown).not.toContain(OPAQUE);
    expect(shown).not.toMatch(/eyJ/);
    // no piece of a national id number at the cut
    expect(shown).not.toMatch(/\d{6,}…$/);
  });

  it('aHugeKey_isCutToo', () => {
    const out = redactForRenderer({ ['k'.repeat(5_000_000)]: 1 }) as Record<string, unknown>;
    expect(Object.keys(out)[0]!.length).toBeLessThanOrEqual(4_001);
  });
});
