// The diagnostics report as plain data: what IT needs in a support ticket, no secrets (no PIN,
// token, key, national id number or certificate serial). The CLI's `doctor` prints it; the app's
// diagnostics screen can build the same report from its running services.
import type { CardEnvironment, CardPinState, CardSnapshot, CardState, IssuerFamily, ModuleInfo } from '../../shared/card-types.ts';
import { isAppError } from '../../shared/errors/app-error.ts';
import type { BaseConfig } from '../config/index.ts';
import { probeAuthority, type AuthorityProbe } from './authority-probe.ts';

export { formatDoctorReport } from './doctor-format.ts';

export interface DoctorDeps {
  readonly appVersion: string;
  readonly runtime?: { readonly node: string; readonly platform: string; readonly arch: string };
  /** throws AppError('invalid-config' | 'no-configuration') as the app's resolution does */
  readonly loadConfig: () => Promise<{ readonly config: BaseConfig; readonly source: string }>;
  /** readers and cards now; `config` is undefined when the configuration did not load */
  readonly cardSnapshot: (config: BaseConfig | undefined) => Promise<CardSnapshot>;
  readonly fetch?: typeof fetch;
  readonly clock?: () => number;
  readonly timeoutMs?: number;
}

/** Codes from the error text table, so the report's advice is the app's advice. */
export type DoctorProblem = 'invalid-config' | 'no-configuration' | 'card-module-missing' | 'card-module-failed'
  | 'card-no-reader' | 'card-not-present' | 'authority-unreachable' | 'clock-skew';

export interface DoctorReport {
  readonly generatedAt: string;
  readonly app: { readonly version: string; readonly node: string; readonly platform: string; readonly arch: string };
  readonly configuration: {
    readonly source?: string;
    readonly valid: boolean;
    readonly error?: { readonly code: string; readonly file?: string; readonly field?: string; readonly problem?: string; readonly issues?: number };
  };
  readonly modules: readonly ModuleInfo[];
  readonly readers: readonly { readonly label: string; readonly module: string; readonly hasCard: boolean; readonly pinPad: boolean }[];
  readonly cards: readonly {
    readonly tokenLabel: string; readonly holder: string; readonly issuer: IssuerFamily; readonly environment: CardEnvironment;
    readonly state: CardState; readonly pin: CardPinState; readonly validTo: string;
  }[];
  readonly authority: AuthorityProbe & { readonly issuer?: string; readonly kind?: string };
  readonly apis: readonly { readonly name: string; readonly resource: string; readonly baseUrl: string; readonly scopes: readonly string[]; readonly machine: boolean }[];
  readonly problems: readonly DoctorProblem[];
}

/** Beyond this the login still works (the client corrects for skew) but card validity and logs are off. */
export const CLOCK_SKEW_WARNING_SECONDS = 60;

export async function buildDoctorReport(deps: DoctorDeps): Promise<DoctorReport> {
  const clock = deps.clock ?? Date.now;
  const problems: DoctorProblem[] = [];
  let config: BaseConfig | undefined;
  let configuration: DoctorReport['configuration'];
  try {
    const loaded = await deps.loadConfig();
    config = loaded.config;
    configuration = { source: loaded.source, valid: true };
  } catch (err) {
    if (!isAppError(err)) throw err; // a bug, not a finding
    const d = err.detail ?? {};
    const text = (key: string) => (typeof d[key] === 'string' ? { [key]: d[key] as string } : {});
    configuration = { valid: false, error: { code: err.code, ...text('file'), ...text('field'), ...text('problem'), ...(typeof d['issues'] === 'number' ? { issues: d['issues'] } : {}) } };
    problems.push(err.code === 'no-configuration' ? 'no-configuration' : 'invalid-config');
  }

  const [snapshot, probe] = await Promise.all([
    deps.cardSnapshot(config),
    config ? probeAuthority(config.authority.issuer, deps.fetch ?? globalThis.fetch, clock, deps.timeoutMs ?? 5_000) : undefined,
  ]);
  if (snapshot.modules.some((m) => m.status === 'missing')) problems.push('card-module-missing');
  if (snapshot.modules.some((m) => m.status === 'failed')) problems.push('card-module-failed');
  if (snapshot.readers.length === 0) problems.push('card-no-reader');
  else if (snapshot.cards.length === 0) problems.push('card-not-present');
  if (probe && !probe.reachable) problems.push('authority-unreachable');
  if (probe?.skewSeconds !== undefined && Math.abs(probe.skewSeconds) >= CLOCK_SKEW_WARNING_SECONDS) problems.push('clock-skew');

  const runtime = deps.runtime ?? { node: process.versions.node, platform: process.platform, arch: process.arch };
  return {
    generatedAt: new Date(clock()).toISOString(),
    app: { version: deps.appVersion, ...runtime },
    configuration,
    modules: snapshot.modules.map((m) => ({ ...m })),
    readers: snapshot.readers.map((r) => ({ label: r.label, module: r.module, hasCard: r.hasCard, pinPad: r.pinPad })),
    cards: snapshot.cards.map((c) => ({
      tokenLabel: c.tokenLabel, holder: c.holderName, issuer: c.issuerFamily, environment: c.environment, state: c.state, pin: c.pin, validTo: c.validTo,
    })),
    authority: config ? { issuer: config.authority.issuer, kind: config.authority.kind, ...probe! } : { reachable: false, problem: 'not checked: no valid configuration' },
    apis: (config?.apis ?? []).map((a) => ({ name: a.name, resource: a.resource, baseUrl: a.base_url, scopes: [...a.scopes], machine: a.machine })),
    problems,
  };
}

/** Problems that stop a login (the rest are worth a look). */
export function isBlocking(problem: DoctorProblem): boolean {
  return problem === 'invalid-config' || problem === 'no-configuration' || problem === 'authority-unreachable';
}
