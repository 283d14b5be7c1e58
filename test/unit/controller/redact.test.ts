import { describe, expect, it } from 'vitest';
import { maskNationalId, redactForRenderer } from '../../../src/main/controller/redact.ts';

describe('redactForRenderer', () => {
  it('nationalIdNumbers_areMasked_wherever_they_are', () => {
    const body = { person: { 'helseid://claims/identity/pid': '13827099842', note: 'pid 13827099842 ok' }, list: [13827099842] };
    const out = JSON.stringify(redactForRenderer(body));
    expect(out).not.toContain('13827099842');
    expect(out).toContain('138270*****');
  });

  it('tokens_areRemoved_byShapeAndByKey', () => {
    const out = JSON.stringify(redactForRenderer({ echo: 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.sig', refresh_token: 'opaque-value' }));
    expect(out).not.toContain('eyJhbGciOiJFUzI1NiJ9');
    expect(out).not.toContain('opaque-value');
  });

  it('tokenTypeNames_areNotSecrets_andStayReadable', () => {
    const body = { issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'DPoP', access_token: 'opaque' };
    expect(redactForRenderer(body)).toEqual({ issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'DPoP', access_token: '[redacted]' });
  });

  it('hprNumbers_andOtherShortNumbers_areKept', () => {
    expect(redactForRenderer({ hpr: '9144900', level: 4 })).toEqual({ hpr: '9144900', level: 4 });
    expect(maskNationalId('org 983163327')).toBe('org 983163327');
  });
});
