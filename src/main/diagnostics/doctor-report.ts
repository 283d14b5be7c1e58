// The troubleshooting report as plain data: what decides whether a login can work, findings first,
// then the facts IT pastes into a ticket. No secrets (no PIN, token, key, national id number or
// certificate serial). The CLI's `doctor` prints it; the app's Feilsøking page builds the same
// report from its running services, with the last error the person saw.
import type {
  CardEnvironment,
  CardPinState,
  CardSnapshot,
  CardState,
  IssuerFamily,
  ModuleInfo,
} from '../../shared/card-types.ts';
import { cardReason } from '../../shared/card-reason.ts';
import { isAppError } from '../../shared/errors/app-error.ts';
import type { ErrorDetail } from '../../shared/errors/app-error.ts';
import type { Language } from '../../shared/errors/error-texts.ts';
import type { BaseConfig, ClientIdentity, HelseIdConfig } from '../config/index.ts';

/** The configuration as the report sees it: a provisioned client may not exist yet (then no `client`). */
export type DoctorConfig = BaseConfig & { readonly client?: ClientIdentity | undefined };
import { probeAuthority, type AuthorityProbe } from './authority-probe.ts';
import { checkClientKey, type ClientKeyCheck } from './client-key-check.ts';
import { probeClient, type ClientProbe } from './client-probe.ts';
import { probeKjernejournal, type PortalProbe } from './portal-probe.ts';

/** The last error the person saw in the window: its code, when, and what the authority said (IT only). */
export interface LastError {
  readonly code: string;
  /** epoch ms */
  readonly at: number;
  readonly detail?: ErrorDetail;
}

export interface DoctorDeps {
  readonly appVersion: string;
  readonly runtime?: { readonly node: string; readonly platform: string; readonly arch: string };
  /** throws AppError('invalid-config' | 'no-configuration') as the app's resolution does */
  readonly loadConfig: () => Promise<{ readonly config: DoctorConfig; readonly source: string }>;
  /** readers and cards now; `config` is undefined when the configuration did not load. undefined: not looked at */
  readonly cardSnapshot: (config: DoctorConfig | undefined) => Promise<CardSnapshot | undefined>;
  readonly fetch?: typeof fetch;
  readonly clock?: () => number;
  readonly timeoutMs?: number;
  /** the app's report: the last error the window showed */
  readonly lastError?: LastError | undefined;
  /** the language the card findings name the issuer in */
  readonly language?: Language;
  /** replaces the client-key file check (tests; a key from a key store) */
  readonly checkClientKey?: (file: string) => Promise<ClientKeyCheck>;
}

/**
 * One thing wrong, as a code in the error text table (so the advice is the app's advice) with the
 * non-secret details its text names. `blocking`: a login cannot work until it is fixed.
 */
export interface Finding {
  readonly code: string;
  readonly blocking: boolean;
  readonly detail?: ErrorDetail;
}

export interface DoctorReport {
  /** epoch ms; the text shows it as local time */
  readonly generatedAt: number;
  /** blocking findings first */
  readonly findings: readonly Finding[];
  readonly app: { readonly version: string; readonly node: string; readonly platform: string; readonly arch: string };
  readonly configuration: {
    readonly source?: string;
    readonly valid: boolean;
    readonly error?: ConfigurationError;
  };
  readonly clientId?: string;
  readonly clientKey?: ClientKeyCheck;
  /** undefined: cards were not looked at (no configuration in the app) */
  readonly modules?: readonly ModuleInfo[];
  readonly readers?: readonly {
    readonly label: string;
    readonly module: string;
    readonly hasCard: boolean;
    readonly pinPad: boolean;
  }[];
  readonly cards?: readonly {
    readonly tokenLabel: string;
    readonly holder: string;
    readonly issuer: IssuerFamily;
    readonly environment: CardEnvironment;
    readonly state: CardState;
    readonly pin: CardPinState;
    readonly validFrom: string;
    readonly validTo: string;
  }[];
  readonly authority: AuthorityProbe & { readonly issuer?: string; readonly kind?: string };
  /** whether the authority accepts this client (a pushed authorization request, thrown away) */
  readonly client?: ClientProbe;
  readonly apis: readonly {
    readonly name: string;
    readonly resource: string;
    readonly baseUrl: string;
    readonly scopes: readonly string[];
    readonly machine: boolean;
  }[];
  /** the national portals the configuration names (Kjernejournal): reachable, and the client's scopes */
  readonly portals?: readonly PortalProbe[];
  readonly lastError?: LastError;
}

/** Beyond this the login still works (the client corrects for skew) but card validity and logs are off. */
export const CLOCK_SKEW_WARNING_SECONDS = 60;

export async function buildDoctorReport(deps: DoctorDeps): Promise<DoctorReport> {
  const clock = deps.clock ?? Date.now;
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const findings: Finding[] = [];
  const add = (code: string, blocking: boolean, detail?: ErrorDetail) =>
    findings.push({ code, blocking, ...(detail ? { detail } : {}) });

  let config: DoctorConfig | undefined;
  let configuration: DoctorReport['configuration'];
  try {
    const loaded = await deps.loadConfig();
    config = loaded.config;
    configuration = { source: loaded.source, valid: true };
  } catch (err) {
    if (!isAppError(err)) throw err; // a bug, not a finding
    const named = configurationError(err.code, err.detail);
    configuration = { valid: false, error: named };
    const finding = configurationFinding(named);
    add(finding.code, true, finding.detail);
  }

  const keyFile = config?.client?.private_jwk_path;
  const [snapshot, authorityProbe, clientKey] = await Promise.all([
    deps.cardSnapshot(config),
    config ? probeAuthority(config.authority.issuer, fetchImpl, clock, timeoutMs) : undefined,
    keyFile ? (deps.checkClientKey ?? checkClientKey)(keyFile) : undefined,
  ]);
  if (clientKey?.problem) add(clientKey.problem, true, { file: clientKey.file, ...clientKey.detail });

  // Only worth asking whether the authority accepts us when it answers and our key can sign.
  // (a provisioned client's key is in the key store: its own section reports it, see provisioning-report.ts)
  const client =
    config?.client && authorityProbe?.reachable && clientKey && !clientKey.problem
      ? await probeClient(config as HelseIdConfig, fetchImpl, timeoutMs)
      : undefined;
  if (config && authorityProbe && !authorityProbe.reachable) {
    add(
      authorityProbe.status === undefined
        ? authorityProbe.tls
          ? 'authority-tls'
          : 'authority-unreachable'
        : 'authority-error',
      true,
    );
  }
  // every login compares the issuer letter for letter (a / at the end is enough to fail them all)
  if (config && authorityProbe?.reachable && authorityProbe.issuerMatches === false)
    add('authority-issuer-mismatch', true, {
      configured: config.authority.issuer,
      discovered: authorityProbe.discoveredIssuer ?? '–',
    });
  if (client) {
    if (client.outcome === 'refused') add('client-refused', true, { client: config!.client?.client_id ?? '' });
    else if (client.outcome === 'clock') add('clock-refused', true);
    else if (client.outcome === 'tls') add('authority-tls', true);
    else if (client.outcome === 'network') add('authority-unreachable', true);
  }
  // Kjernejournal: a login service that does not answer stops no login (a finding that does not
  // block); scopes HelseID refuses do, as the portal's scopes are part of every login's PAR
  const kj = config?.portals.kjernejournal;
  const askHelseId = client?.outcome === 'accepted' || client?.outcome === 'refused';
  const portal =
    kj && config?.client
      ? await probeKjernejournal(config as HelseIdConfig, kj, fetchImpl, timeoutMs, askHelseId)
      : undefined;
  if (portal && !portal.reachable) add('portal-unreachable', false, { operation: 'probe' });
  if (portal?.scopesAccepted?.outcome === 'refused') {
    // the client refused as a whole: is it only for the portal's scopes? Then say that, not "refused"
    const withoutPortal =
      client?.outcome === 'refused'
        ? await probeClient({ ...(config as HelseIdConfig), portals: {} }, fetchImpl, timeoutMs)
        : undefined;
    const onlyThePortal = withoutPortal?.outcome === 'accepted';
    const refusedAt = findings.findIndex((f) => f.code === 'client-refused');
    if (onlyThePortal && refusedAt >= 0) findings.splice(refusedAt, 1);
    add('portal-scope-missing', client?.outcome === 'refused', {
      ...(portal.scopesAccepted.error ? { error: portal.scopesAccepted.error } : {}),
      ...(portal.scopesAccepted.description ? { description: portal.scopesAccepted.description } : {}),
    });
  }
  if (authorityProbe?.skewSeconds !== undefined && Math.abs(authorityProbe.skewSeconds) >= CLOCK_SKEW_WARNING_SECONDS)
    add('clock-skew', false);

  if (snapshot) {
    if (snapshot.modules.some((m) => m.status === 'missing')) add('card-module-missing', false);
    if (snapshot.modules.some((m) => m.status === 'failed')) add('card-module-failed', false);
    if (snapshot.readers.length === 0) add('card-no-reader', false);
    else if (snapshot.cards.length === 0) add('card-not-present', false);
    // A card that cannot log in is worth a line with what to do; it blocks only when no card can.
    const reasons = snapshot.cards.map((card) => cardReason(card, deps.language ?? 'nb'));
    const noneUsable = snapshot.cards.length > 0 && reasons.every((r) => r !== undefined);
    for (const reason of reasons) if (reason) add(reason.code, noneUsable, reason.detail);
  }

  const runtime = deps.runtime ?? { node: process.versions.node, platform: process.platform, arch: process.arch };
  return {
    generatedAt: clock(),
    // blocking first; otherwise in the order found (configuration, key, authority, cards)
    findings: [...findings.filter((f) => f.blocking), ...findings.filter((f) => !f.blocking)],
    app: { version: deps.appVersion, ...runtime },
    configuration,
    ...(config?.client ? { clientId: config.client.client_id } : {}),
    ...(clientKey ? { clientKey } : {}),
    ...(snapshot
      ? {
          modules: snapshot.modules.map((m) => ({ ...m })),
          readers: snapshot.readers.map((r) => ({
            label: r.label,
            module: r.module,
            hasCard: r.hasCard,
            pinPad: r.pinPad,
          })),
          cards: snapshot.cards.map((c) => ({
            tokenLabel: c.tokenLabel,
            holder: c.holderName,
            issuer: c.issuerFamily,
            environment: c.environment,
            state: c.state,
            pin: c.pin,
            validFrom: c.validFrom,
            validTo: c.validTo,
          })),
        }
      : {}),
    authority: config
      ? { issuer: config.authority.issuer, kind: config.authority.kind, ...authorityProbe! }
      : { reachable: false },
    ...(client ? { client } : {}),
    apis: (config?.apis ?? []).map((a) => ({
      name: a.name,
      resource: a.resource,
      baseUrl: a.base_url,
      scopes: [...a.scopes],
      machine: a.machine,
    })),
    ...(portal ? { portals: [portal] } : {}),
    ...(deps.lastError ? { lastError: deps.lastError } : {}),
  };
}

/** What the configuration check found, as the report keeps it (the same fields the window's screen shows). */
export interface ConfigurationError {
  readonly code: string;
  readonly file?: string;
  readonly field?: string;
  readonly problem?: string;
  /** a JSON syntax error: where the parser stopped, as an editor counts */
  readonly line?: number;
  readonly column?: number;
  readonly issues?: number;
}

export function configurationError(code: string, detail: ErrorDetail | undefined): ConfigurationError {
  const d = detail ?? {};
  const text = (key: string) => (typeof d[key] === 'string' ? { [key]: d[key] as string } : {});
  const count = (key: string) => (typeof d[key] === 'number' ? { [key]: d[key] as number } : {});
  return {
    code,
    ...text('file'),
    ...text('field'),
    ...text('problem'),
    ...count('line'),
    ...count('column'),
    ...count('issues'),
  };
}

/**
 * The finding that names what is wrong as the window's "Feil i oppsettet" does: the file and the
 * field with what is expected, the line and column of a JSON syntax error, or the file itself.
 */
export function configurationFinding(e: ConfigurationError): { code: string; detail?: ErrorDetail } {
  const file: ErrorDetail = e.file ? { file: e.file } : {};
  if (e.code === 'no-configuration') return { code: 'no-configuration', detail: file };
  if (e.code !== 'invalid-config' || !e.file || !e.problem) return { code: e.code, detail: file };
  if (e.field) return { code: 'config-field-invalid', detail: { file: e.file, field: e.field, problem: e.problem } };
  if (e.line !== undefined && e.column !== undefined)
    return { code: 'config-json-invalid', detail: { file: e.file, line: e.line, column: e.column } };
  return { code: 'config-file-invalid', detail: { file: e.file, problem: e.problem } };
}

/** A login cannot work until something is fixed: `doctor` exits non-zero. */
export function loginCannotWork(report: DoctorReport): boolean {
  return report.findings.some((f) => f.blocking);
}
