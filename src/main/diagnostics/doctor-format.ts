// The diagnostics report as text to paste into a ticket: plain lines, no colours, one fact a line.
// Findings carry the app's own advice from the error text table.
import { errorText, type Language } from '../../shared/errors/error-texts.ts';
import { DOCTOR_LABELS } from './doctor-labels.ts';
import type { DoctorReport } from './doctor-report.ts';

export function formatDoctorReport(report: DoctorReport, language: Language): string {
  const L = DOCTOR_LABELS[language];
  const out: string[] = [`${L.title} (${report.generatedAt})`, ''];
  const list = <T>(heading: string, items: readonly T[], line: (item: T) => string) => {
    out.push(`${heading}:`);
    out.push(...(items.length === 0 ? [`  ${L.none}`] : items.map((item) => `  ${line(item)}`)));
  };

  out.push(`${L.version}: ${report.app.version}`);
  out.push(`${L.runtime}: Node ${report.app.node}, ${report.app.platform}/${report.app.arch}`);

  const c = report.configuration;
  out.push(`${L.configuration}: ${c.valid ? L.valid : L.invalid}${c.source ? ` (${L.source}: ${c.source})` : ''}`);
  if (c.error) {
    const where = [c.error.file, c.error.field].filter(Boolean).join(': ');
    out.push(`  ${c.error.code}${where ? ` — ${where}` : ''}${c.error.problem ? `: ${c.error.problem}` : ''}${(c.error.issues ?? 0) > 1 ? ` (+${c.error.issues! - 1})` : ''}`);
  }

  list(L.modules, report.modules, (m) => `${m.status.padEnd(7)} ${m.path}${m.reason ? ` — ${m.reason}` : ''}`);
  list(L.readers, report.readers, (r) => `${r.label} — ${r.hasCard ? L.hasCard : L.empty}${r.pinPad ? `, ${L.pinPad}` : ''}`);
  list(L.cards, report.cards, (k) => `${k.holder} (${k.tokenLabel}) — ${k.issuer}/${k.environment}, ${L.state} ${k.state}, PIN ${k.pin}, ${L.validTo} ${k.validTo || '–'}`);

  const a = report.authority;
  const reach = a.reachable ? `${L.reachable} (HTTP ${a.status}, ${a.ms} ms)` : `${L.unreachable}${a.problem ? ` — ${a.problem}` : ''}`;
  out.push(`${L.authority}: ${a.issuer ?? L.none}${a.kind ? ` [${a.kind}]` : ''} — ${reach}`);
  if (a.issuerMatches === false) out.push(`  ${L.issuerMismatch}`);
  if (a.issuer) {
    const skew = a.skewSeconds === undefined ? L.clockUnknown : `${a.skewSeconds >= 0 ? '+' : ''}${a.skewSeconds} s (HelseID ${a.authorityDate})`;
    out.push(`${L.clock}: ${skew}`);
  }
  list(L.apis, report.apis, (api) => `${api.name} — ${api.resource} — ${api.baseUrl} — ${api.scopes.join(' ')}${api.machine ? ` (${L.machine})` : ''}`);

  out.push('', `${L.problems}:`);
  if (report.problems.length === 0) out.push(`  ${L.noProblems}`);
  for (const problem of report.problems) {
    const text = errorText(problem, language, problem === 'no-configuration' && c.error?.file ? { file: c.error.file } : undefined);
    out.push(`  - ${text.title}: ${text.what} ${text.todo}`);
  }
  return `${out.join('\n')}\n`;
}
