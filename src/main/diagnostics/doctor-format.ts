// The troubleshooting report as text to paste into a ticket: findings first (each with what to do),
// then the facts, one a line, no colours, in ONE language. Dates are local time, dd.mm.yyyy.
// The advice comes from the app's error text table, so IT reads what the person was told.
import { errorText, type Language } from '../../shared/errors/error-texts.ts';
import { formatDate, formatDateTime } from '../../shared/format-date.ts';
import { DOCTOR_LABELS } from './doctor-labels.ts';
import type { DoctorReport } from './doctor-report.ts';

export function formatDoctorReport(report: DoctorReport, language: Language): string {
  const L = DOCTOR_LABELS[language];
  const out: string[] = [`${L.title} (${formatDateTime(report.generatedAt)})`, ''];
  const list = <T>(heading: string, items: readonly T[] | undefined, line: (item: T) => string) => {
    out.push(`${heading}:`);
    if (items === undefined) out.push(`  ${L.notChecked}`);
    else out.push(...(items.length === 0 ? [`  ${L.none}`] : items.map((item) => `  ${line(item)}`)));
  };

  const blocking = report.findings.some((f) => f.blocking);
  out.push(`${blocking ? L.findingsBlocking : L.findings}:`);
  if (report.findings.length === 0) out.push(`  ${L.noFindings}`);
  for (const finding of report.findings) {
    const text = errorText(finding.code, language, finding.detail);
    out.push(`  ${finding.blocking ? '✗' : '!'} ${text.title}: ${text.what}`, `    ${L.todo}: ${text.todo}`);
  }
  out.push('');

  const last = report.lastError;
  if (last) {
    const d = last.detail ?? {};
    // the authority's own words (error_description) are for IT: here, never in the window
    const facts = [last.code, d['error'], d['status'] === undefined ? undefined : `HTTP ${String(d['status'])}`, d['operation']].filter((x) => x !== undefined);
    const said = typeof d['description'] === 'string' ? ` «${d['description']}»` : '';
    out.push(`${L.lastError}: ${errorText(last.code, language, last.detail).title} (${formatDateTime(last.at)}) — ${facts.join(', ')}${said}`);
  } else {
    out.push(`${L.lastError}: ${L.noLastError}`);
  }

  out.push(`${L.version}: ${report.app.version}`);
  out.push(`${L.runtime}: Node ${report.app.node}, ${report.app.platform}/${report.app.arch}`);

  const c = report.configuration;
  const source = c.source === 'embedded environment' ? L.embeddedSource : c.source;
  out.push(`${L.configuration}: ${c.valid ? L.valid : L.invalid}${source ? ` (${L.source}: ${source})` : ''}`);
  if (c.error) {
    // the same line the window's "Feil i oppsettet" screen shows: file: field: what is expected
    const where = [c.error.file, c.error.field].filter(Boolean).join(': ');
    out.push(`  ${where}${c.error.problem ? `: ${c.error.problem}` : ''}${(c.error.issues ?? 0) > 1 ? ` (+${c.error.issues! - 1})` : ''}`);
  }
  if (report.clientId) out.push(`${L.clientId}: ${report.clientId}`);
  const k = report.clientKey;
  if (k) {
    const facts = k.present
      ? [L.keyPresent,
        ...(k.parseable === undefined ? [] : [k.parseable ? L.keyParseable : L.keyUnparseable]),
        ...(k.private === undefined ? [] : [k.private ? L.keyPrivate : L.keyPublicOnly]),
        ...(k.protected === undefined ? [] : [`${k.protected ? L.keyProtected : L.keyExposed} (${L.keyMode} ${k.mode})`]),
        ...(k.kid ? [`kid ${k.kid}`] : []), ...(k.alg ? [k.alg] : [])]
      : [L.keyMissing];
    out.push(`${L.clientKey}: ${k.file} — ${facts.join(', ')}`);
  }

  list(L.modules, report.modules, (m) => `${L.moduleStatus[m.status]}: ${m.path}${m.reason ? ` — ${m.reason}` : ''}`);
  list(L.readers, report.readers, (r) => `${r.label} — ${r.hasCard ? L.hasCard : L.empty}${r.pinPad ? `, ${L.pinPad}` : ''}`);
  list(L.cards, report.cards, (card) => {
    const issuer = card.issuer === 'unknown' ? L.issuer.unknown : `${L.issuer[card.issuer]} ${L.environment[card.environment]}`;
    const usable = card.state === 'ok' && card.issuer !== 'unknown';
    // no PIN state on a card that cannot log in anyway
    return `${card.holder} (${card.tokenLabel}) — ${issuer}, ${L.cardState[card.state]}, ${L.validTo} ${formatDate(card.validTo) || '–'}${usable ? `, PIN: ${L.pin[card.pin]}` : ''}`;
  });

  const a = report.authority;
  const reach = a.reachable
    ? `${L.reachable} (HTTP ${a.status}, ${a.ms} ms)`
    : a.status !== undefined ? `${L.answeredStatus} (HTTP ${a.status})` : `${L.unreachable}${a.problem ? ` — ${a.problem}` : ''}`;
  if (a.issuer) {
    out.push(`${L.authority}: ${a.issuer}${a.kind ? ` (${L.kind[a.kind] ?? a.kind})` : ''} — ${reach}`);
    if (a.issuerMatches === false) out.push(`  ${L.issuerMismatch}`);
    const p = report.client;
    if (p) {
      const facts = [p.status === undefined ? undefined : `HTTP ${p.status}`, p.error, p.cause].filter(Boolean).join(', ');
      out.push(`  ${L.acceptsClient}: ${L.probe[p.outcome]}${facts ? ` (${facts})` : ''}${p.description ? ` «${p.description}»` : ''}`);
    }
    const skew = a.skewSeconds === undefined ? L.clockUnknown : `${a.skewSeconds >= 0 ? '+' : ''}${a.skewSeconds} s (HelseID ${a.authorityDate ? formatDateTime(a.authorityDate) : '–'})`;
    out.push(`${L.clock}: ${skew}`);
  } else {
    out.push(`${L.authority}: ${L.notChecked}`);
  }
  list(L.apis, c.valid ? report.apis : undefined, (api) => `${api.name} — ${api.resource} — ${api.baseUrl} — ${api.scopes.join(' ')}${api.machine ? ` (${L.machine})` : ''}`);
  return `${out.join('\n')}\n`;
}
