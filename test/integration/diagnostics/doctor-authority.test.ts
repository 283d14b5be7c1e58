// doctor's authority section, against the embedded environment: an issuer written differently from
// what HelseID calls itself (one "/" at the end is enough) fails every login's issuer check, so doctor
// must say so before anyone tries — blocking, naming both addresses, in bokmål and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDoctorReport } from '../../../src/main/diagnostics/doctor-report.ts';
import { formatDoctorReport } from '../../../src/main/diagnostics/doctor-format.ts';
import { configFromEnvironmentInfo, type ConfigFileInput } from '../../../src/main/config/index.ts';
import { startAuthEnvironment, type AuthEnvironment } from '../auth/support/auth-harness.ts';

let env: AuthEnvironment;

beforeAll(async () => {
  env = await startAuthEnvironment();
});
afterAll(() => env?.stop());

function report(overrides: Partial<ConfigFileInput> = {}) {
  const config = configFromEnvironmentInfo(env.info, overrides);
  return buildDoctorReport({
    appVersion: 'test',
    loadConfig: async () => ({ config, source: 'test' }),
    cardSnapshot: async () => undefined,
    timeoutMs: 3_000,
  });
}

describe('doctor: the authority', () => {
  it('theIssuerAsHelseIdWritesIt_noIssuerFinding', async () => {
    const r = await report();
    expect(r.findings.map((f) => f.code)).not.toContain('authority-issuer-mismatch');
  });

  it('anIssuerWithASlashAtTheEnd_isABlockingFinding_thatNamesBothAddresses', async () => {
    const issuer = env.info.authority;
    const r = await report({ authority: { kind: 'embedded', issuer: `${issuer}/` } });
    expect(r.findings).toContainEqual(
      expect.objectContaining({
        code: 'authority-issuer-mismatch',
        blocking: true,
        detail: { configured: `${issuer}/`, discovered: issuer },
      }),
    );
    const nb = formatDoctorReport(r, 'nb');
    expect(nb).toContain('HelseID har en annen adresse enn oppsettet');
    expect(nb).toContain(`Skriv authority.issuer nøyaktig slik HelseID skriver den: ${issuer}`);
    expect(formatDoctorReport(r, 'en')).toContain(`Write authority.issuer exactly as HelseID writes it: ${issuer}`);
  });
});
