// doctor against the embedded environment, in bokmål and English.
// The authority: an issuer written differently from what HelseID calls itself (one "/" at the end is
// enough) fails every login's issuer check, so doctor says so before anyone tries — blocking, naming
// both addresses.
// Kjernejournal: is the login service there, and does HelseID grant this client the portal's scopes
// (a thrown-away PAR for the portal's resource)? A login service that does not answer stops no login
// (the finding does not block); scopes HelseID refuses do. Each finding says what IT does.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** a port that was free a moment ago and has nothing listening now */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('doctor: Kjernejournal', () => {
  it('theLoginServiceAnswers_andHelseIdGrantsTheScopes_noFinding', async () => {
    const r = await report();
    expect(r.portals).toEqual([
      expect.objectContaining({
        name: 'kjernejournal',
        reachable: true,
        scopesAccepted: { outcome: 'accepted' },
        scopes: ['nhn:kjernejournal/innlogging', 'nhn:kjernejournal/tillitsrammeverk'],
      }),
    ]);
    expect(r.findings.map((f) => f.code)).not.toEqual(expect.arrayContaining(['portal-unreachable']));
    const nb = formatDoctorReport(r, 'nb');
    expect(nb).toContain('Portaler:');
    expect(nb).toMatch(/kjernejournal — Innlogging http:\/\/127\.0\.0\.1:\d+: svarer \(HTTP \d{3}\)/);
    expect(nb).toContain('HelseID gir klienten tilgangene nhn:kjernejournal: nhn:kjernejournal/innlogging');
    expect(formatDoctorReport(r, 'en')).toContain('HelseID grants the client the scopes nhn:kjernejournal');
  });

  it('aLoginServiceThatDoesNotAnswer_isAFindingThatDoesNotBlock', async () => {
    const kj = env.info.portals.kjernejournal;
    const r = await report({
      portals: { kjernejournal: { ...kj, innlogging_url: `http://127.0.0.1:${await closedPort()}` } },
    });
    expect(r.portals![0]).toMatchObject({ reachable: false, cause: 'ECONNREFUSED' });
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'portal-unreachable', blocking: false }));
    expect(formatDoctorReport(r, 'nb')).toContain('Kjernejournal svarer ikke');
  });

  it('scopesHelseIdDoesNotGrant_blockTheLogin_andTheFindingNamesThePortalsScopes_notTheClient', async () => {
    const kj = env.info.portals.kjernejournal;
    const r = await report({
      portals: { kjernejournal: { ...kj, scopes: ['nhn:kjernejournal/innlogging', 'nhn:kjernejournal/unknown'] } },
    });
    expect(r.portals![0]!.scopesAccepted).toMatchObject({ outcome: 'refused', error: 'invalid_scope' });
    // every login's PAR asks for the portal's scopes too: the login cannot work until they are granted
    expect(r.findings).toContainEqual(expect.objectContaining({ code: 'portal-scope-missing', blocking: true }));
    expect(r.findings.map((f) => f.code)).not.toContain('client-refused');
    expect(formatDoctorReport(r, 'en')).toContain(
      'nhn:kjernejournal/innlogging and nhn:kjernejournal/tillitsrammeverk',
    );
  });
});

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
