// The diagnostics report as data and as text: findings, clock skew from the Date header, no secrets.
import { describe, expect, it } from 'vitest';
import type { CardSnapshot } from '../../../src/shared/card-types.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { configFromEnvironmentInfo } from '../../../src/main/config/index.ts';
import { buildDoctorReport, formatDoctorReport } from '../../../src/main/diagnostics/doctor-report.ts';

const ISSUER = 'http://127.0.0.1:4000';
const config = configFromEnvironmentInfo({
  authority: ISSUER,
  apis: [{ name: 'person', resource: 'nhn:x/person', scopes: ['nhn:x/person/read'], url: 'http://127.0.0.1:4001' }],
  clients: [{ client_id: 'c', private_jwk_path: '/k.json' }],
});
const NOW = Date.parse('2026-03-02T10:00:00Z');
const snapshot: CardSnapshot = {
  modules: [{ path: '/usr/lib/libiidp11.so', status: 'loaded' }, { path: '/opt/missing.so', status: 'missing', reason: 'file not found' }],
  readers: [{ id: 'r1', label: 'Reader 1', module: '/usr/lib/libiidp11.so', hasCard: true, pinPad: false }],
  cards: [{ id: 'c1', readerId: 'r1', tokenLabel: 'Kari', holderName: 'Kari Nordmann', serialNumber: 'UN:NO-9578-4050-100105758', issuerFamily: 'buypass', environment: 'test', validFrom: '', validTo: '2029-01-01', state: 'ok', pin: 'count-low' }],
};
const discovery = (dateOffsetSeconds: number, status = 200) => (async () => new Response(JSON.stringify({ issuer: ISSUER }), {
  status, headers: { 'content-type': 'application/json', date: new Date(NOW + dateOffsetSeconds * 1000).toUTCString() },
})) as unknown as typeof fetch;

describe('doctor report', () => {
  it('healthyMachine_reportsEverythingWithSkewFromDateHeader', async () => {
    const report = await buildDoctorReport({
      appVersion: '1.2.3', loadConfig: async () => ({ config, source: '/etc/helseid-desktop/config.json' }),
      cardSnapshot: async () => snapshot, fetch: discovery(-300), clock: () => NOW,
    });
    expect(report.configuration).toEqual({ source: '/etc/helseid-desktop/config.json', valid: true });
    expect(report.authority).toMatchObject({ issuer: ISSUER, reachable: true, issuerMatches: true, skewSeconds: -300 });
    expect(report.problems).toEqual(['card-module-missing', 'clock-skew']);
    expect(report.cards[0]).toEqual({ tokenLabel: 'Kari', holder: 'Kari Nordmann', issuer: 'buypass', environment: 'test', state: 'ok', pin: 'count-low', validTo: '2029-01-01' });
    expect(JSON.stringify(report)).not.toContain('9578'); // the certificate serial stays out
  });

  it('invalidConfig_isAFindingWithFileAndField_andCardsAreStillListed', async () => {
    const report = await buildDoctorReport({
      appVersion: '1.2.3', clock: () => NOW, cardSnapshot: async (c) => (c === undefined ? snapshot : { modules: [], readers: [], cards: [] }),
      loadConfig: async () => {
        throw new AppError('invalid-config', { detail: { file: '/etc/c.json', field: 'apis[0].resource', problem: 'expected a non-empty string', issues: 2 } });
      },
    });
    expect(report.configuration).toEqual({ valid: false, error: { code: 'invalid-config', file: '/etc/c.json', field: 'apis[0].resource', problem: 'expected a non-empty string', issues: 2 } });
    expect(report.cards).toHaveLength(1);
    expect(report.authority.reachable).toBe(false);
    expect(report.problems).toContain('invalid-config');
  });

  it('formatted_inBothLanguages_namesFindingsWithTheAppsAdvice', async () => {
    const report = await buildDoctorReport({
      appVersion: '1.2.3', loadConfig: async () => ({ config, source: 'embedded environment' }),
      cardSnapshot: async () => snapshot, fetch: discovery(0, 503), clock: () => NOW,
    });
    const en = formatDoctorReport(report, 'en');
    expect(en).toContain('HelseID: http://127.0.0.1:4000 [embedded] — NOT REACHABLE — discovery answered HTTP 503');
    expect(en).toContain('missing /opt/missing.so — file not found');
    expect(en).toMatch(/Findings:\n {2}- Card software missing:/);
    const nb = formatDoctorReport(report, 'nb');
    expect(nb).toContain('Oppsett: gyldig (kilde: embedded environment)');
    expect(nb).toContain('Kortprogramvare mangler');
  });
});
