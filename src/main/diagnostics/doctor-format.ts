// The troubleshooting report as text to paste into a ticket: findings first (each with what to do),
// then the facts, one a line, no colours, in ONE language. Dates are local time, dd.mm.yyyy.
// The advice comes from the app's error text table, so IT reads what the person was told.
import { configProblemText } from '../../shared/config-problem-text.ts';
import { errorText, type Language } from '../../shared/errors/error-texts.ts';
import { formatDate, formatDateTime } from '../../shared/format-date.ts';
import { DOCTOR_LABELS, type DoctorLabels } from './doctor-labels.ts';
import type { DoctorReport } from './doctor-report.ts';

/** key problems the client-key line's facts already say (missing, not JSON, public only, readable by others) */
const FACT_PROBLEMS: ReadonlySet<string> = new Set([
  'client-key-missing',
  'client-key-unparseable',
  'client-key-not-private',
  'client-key-exposed',
]);

export function formatDoctorReport(report: DoctorReport, language: Language): string {
  const L = DOCTOR_LABELS[language];
  const out: string[] = [`${L.title} (${formatDateTime(report.generatedAt)})`, ''];
  const list = <T>(heading: string, items: readonly T[] | undefined, line: (item: T) => string) => {
    out.push(`${heading}:`);
    // not looked at: because the configuration is broken, or because this window has no card service yet
    if (items === undefined) out.push(`  ${report.configuration.valid ? L.notCheckedHere : L.notChecked}`);
    else out.push(...(items.length === 0 ? [`  ${L.none}`] : items.map((item) => `  ${line(item)}`)));
  };

  const blocking = report.findings.some((f) => f.blocking);
  out.push(`${blocking ? L.findingsBlocking : L.findings}:`);
  if (report.findings.length === 0) out.push(`  ${L.noFindings}`);
  for (const finding of report.findings) {
    const problem = finding.detail?.['problem'];
    const detail =
      typeof problem === 'string'
        ? { ...finding.detail, problem: configProblemText(problem, language) }
        : finding.detail;
    const text = errorText(finding.code, language, detail);
    out.push(`  ${finding.blocking ? '✗' : '!'} ${text.title}: ${text.what}`, `    ${L.todo}: ${text.todo}`);
  }
  out.push('');

  const last = report.lastError;
  if (last) {
    const d = last.detail ?? {};
    // the authority's own words (error_description) are for IT: here, never in the window
    const facts = [
      last.code,
      d['error'],
      // an HTTP status is a number; Selvbetjening's confirmation answer ("Cancelled") is not one
      d['status'] === undefined
        ? undefined
        : typeof d['status'] === 'number'
          ? `HTTP ${d['status']}`
          : `«${String(d['status'])}»`,
      d['operation'],
    ].filter((x) => x !== undefined);
    const said = typeof d['description'] === 'string' ? ` «${d['description']}»` : '';
    out.push(
      `${L.lastError}: ${errorText(last.code, language, last.detail).title} (${formatDateTime(last.at)}) — ${facts.join(', ')}${said}`,
    );
  } else {
    out.push(`${L.lastError}: ${L.noLastError}`);
  }

  out.push(`${L.version}: ${report.app.version}`);
  out.push(`${L.runtime}: Node ${report.app.node}, ${report.app.platform}/${report.app.arch}`);

  const c = report.configuration;
  const source = c.source === undefined ? undefined : sourceText(c.source, L);
  out.push(`${L.configuration}: ${c.valid ? L.valid : L.invalid}${source ? ` (${L.source}: ${source})` : ''}`);
  if (c.error) {
    // the same line the window's "Feil i oppsettet" screen shows: file: field: what is expected
    const at =
      c.error.line !== undefined && c.error.column !== undefined
        ? L.lineColumn.replace('{line}', String(c.error.line)).replace('{column}', String(c.error.column))
        : c.error.field;
    const where = [c.error.file, at].filter(Boolean).join(': ');
    const more = (c.error.issues ?? 0) > 1 ? ` ${L.moreProblems.replace('{n}', String(c.error.issues! - 1))}` : '';
    out.push(`  ${where}${c.error.problem ? `: ${configProblemText(c.error.problem, language)}` : ''}${more}`);
  }
  if (report.clientId) out.push(`${L.clientId}: ${report.clientId}`);
  const k = report.clientKey;
  if (k) {
    const facts = k.present
      ? [
          L.keyPresent,
          ...(k.parseable === undefined ? [] : [k.parseable ? L.keyParseable : L.keyUnparseable]),
          ...(k.private === undefined ? [] : [k.private ? L.keyPrivate : L.keyPublicOnly]),
          ...(k.protected === undefined
            ? []
            : [`${k.protected ? L.keyProtected : L.keyExposed} (${L.keyMode} ${k.mode})`]),
          ...(k.kid ? [`kid ${k.kid}`] : []),
          ...(k.alg ? [k.alg] : []),
        ]
      : [L.keyMissing];
    // what the facts above do not say by themselves (a link, a FIFO, another owner, an open folder)
    const beyond =
      k.problem && !FACT_PROBLEMS.has(k.problem) ? [errorText(k.problem, language).title.toUpperCase()] : [];
    out.push(`${L.clientKey}: ${k.file} — ${[...facts, ...beyond].join(', ')}`);
  }

  list(L.modules, report.modules, (m) => `${L.moduleStatus[m.status]}: ${m.path}${m.reason ? ` — ${m.reason}` : ''}`);
  list(
    L.readers,
    report.readers,
    (r) => `${r.label} — ${r.hasCard ? L.hasCard : L.empty}${r.pinPad ? `, ${L.pinPad}` : ''}`,
  );
  list(L.cards, report.cards, (card) => {
    const issuer =
      card.issuer === 'unknown' ? L.issuer.unknown : `${L.issuer[card.issuer]} ${L.environment[card.environment]}`;
    const usable = card.state === 'ok' && card.issuer !== 'unknown';
    // a usable card needs no "valid"; an unknown issuer is said once; no PIN state on a card that cannot log in
    const state = card.state === 'ok' || card.state === 'unknown-issuer' ? '' : `, ${L.cardState[card.state]}`;
    return `${card.holder} (${card.tokenLabel}) — ${issuer}${state}, ${L.validTo} ${formatDate(card.validTo) || '–'}${usable ? `, PIN: ${L.pin[card.pin]}` : ''}`;
  });

  const a = report.authority;
  const reach = a.reachable
    ? `${L.reachable} (HTTP ${a.status}, ${a.ms} ms)`
    : a.status !== undefined
      ? `${L.answeredStatus} (HTTP ${a.status})`
      : `${L.unreachable}${a.problem ? ` — ${probeProblemText(a.problem, L)}` : ''}`;
  if (a.issuer) {
    out.push(`${L.authority}: ${a.issuer}${a.kind ? ` (${L.kind[a.kind] ?? a.kind})` : ''} — ${reach}`);
    if (a.issuerMatches === false) out.push(`  ${L.issuerMismatch}`);
    const p = report.client;
    if (p) {
      const facts = [p.status === undefined ? undefined : `HTTP ${p.status}`, p.error, p.cause]
        .filter(Boolean)
        .join(', ');
      out.push(
        `  ${L.acceptsClient}: ${L.probe[p.outcome]}${facts ? ` (${facts})` : ''}${p.description ? ` «${p.description}»` : ''}`,
      );
    }
    const skew =
      a.skewSeconds === undefined
        ? a.status === undefined
          ? L.clockNoAnswer
          : L.clockUnknown
        : `${a.skewSeconds >= 0 ? '+' : ''}${a.skewSeconds} s (HelseID ${a.authorityDate ? formatDateTime(a.authorityDate) : '–'})`;
    out.push(`${L.clock}: ${skew}`);
  } else {
    out.push(`${L.authority}: ${L.notChecked}`);
  }
  list(
    L.apis,
    c.valid ? report.apis : undefined,
    (api) =>
      `${api.name} — ${api.resource} — ${api.baseUrl} — ${api.scopes.join(' ')}${api.machine ? ` (${L.machine})` : ''}`,
  );
  if (report.portals?.length) {
    out.push(`${L.portals}:`);
    for (const p of report.portals) {
      const reach = p.reachable
        ? `${L.portalAnswers} (HTTP ${p.status})`
        : `${L.portalNoAnswer}${p.cause ? ` — ${p.cause}` : ''}`;
      out.push(`  ${p.name} — Innlogging ${p.innloggingUrl}: ${reach}; portal ${p.portalUrl}`);
      const s = p.scopesAccepted;
      const facts = s ? [s.error, s.cause].filter(Boolean).join(', ') : '';
      out.push(
        `    ${L.portalScopes} ${p.resource}: ${p.scopes.join(' ')}: ${s ? L.probe[s.outcome] : L.probe['not-checked']}${facts ? ` (${facts})` : ''}${s?.description ? ` «${s.description}»` : ''}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Where the configuration came from (cli-config.ts, create-app-services.ts name it in English). */
function sourceText(source: string, L: DoctorLabels): string {
  const embedded = /^embedded environment(?: \((.*)\))?$/.exec(source);
  if (embedded)
    return embedded[1] === undefined
      ? L.embeddedSource
      : `${L.embeddedSource} — ${embedded[1] === 'provisioning' ? L.provisioningSource : embedded[1]}`;
  if (source === 'provisioning') return L.provisioningSource;
  const json = /^environment JSON (.*)$/.exec(source);
  return json ? `${L.environmentJson} ${json[1]}` : source;
}

/** authority-probe.ts's reason in the report's language; the error code (ECONNREFUSED …) stays. */
function probeProblemText(problem: string, L: DoctorLabels): string {
  const within = /^no answer within (\d+) ms$/.exec(problem);
  if (within) return `${L.noAnswerWithin} ${within[1]} ms`;
  const failed = /^connection failed(.*)$/.exec(problem);
  if (failed) return `${L.connectionFailed}${failed[1]}`;
  return problem === 'discovery answer is not JSON' ? L.discoveryNotJson : problem;
}
