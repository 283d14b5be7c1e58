// What an error tells IT, beyond the clinician's words: which file, what `doctor` finds wrong with
// it and the fix, which rule failed, what HelseID said, what to run. The window shows these lines
// under a closed "Detaljer for IT" and the command line prints the same, so IT reads one story
// wherever the person saw the error. Built only from named, non-secret detail fields (a path, a
// finding code, a rule's words, the authority's cleaned description) — never from err.message and
// never by listing every field, so nothing a detail should not carry can slip through.
import { configProblemText } from '../config-problem-text.ts';
import type { Language } from './error-texts.ts';
import { SETUP_ERROR_TEXTS, type SetupErrorCode } from './setup-errors.ts';

export interface ItDetailLine {
  readonly key: 'finding' | 'todo' | 'file' | 'rule' | 'authority' | 'portal' | 'run' | 'code';
  readonly label: string;
  readonly text: string;
}

const LABELS: Readonly<Record<Language, Readonly<Record<ItDetailLine['key'], string>>>> = {
  nb: {
    finding: 'Funn',
    todo: 'Dette gjør IT',
    file: 'Fil',
    rule: 'Regel',
    authority: 'HelseID sier',
    portal: 'Kjernejournal sier',
    run: 'Kjør',
    code: 'Feilkode',
  },
  en: {
    finding: 'Finding',
    todo: 'What IT does',
    file: 'File',
    rule: 'Rule',
    authority: 'HelseID says',
    portal: 'Kjernejournal says',
    run: 'Run',
    code: 'Error code',
  },
};

/** the command that prints the whole troubleshooting report (README, "Troubleshooting") */
export const DOCTOR_COMMAND = 'helseid-desktop doctor';
const RUN: Readonly<Record<Language, string>> = {
  nb: `${DOCTOR_COMMAND} (hele feilsøkingsrapporten, med alle funn)`,
  en: `${DOCTOR_COMMAND} (the whole troubleshooting report, every finding)`,
};

const RULE_CODES = new Set(['invalid-config', 'client-key-invalid']);

/**
 * The rules a login that came back as someone else failed (src/main/auth/login-acceptance.ts), in
 * words for IT — with the rule's own name, which the log and `doctor` carry. Never whose name or number.
 */
const LOGIN_RULES: Readonly<Record<Language, Readonly<Record<string, (d: Detail) => string>>>> = {
  nb: {
    auth_time: (d) =>
      typeof d['authenticated_seconds_before_login'] === 'number'
        ? `HelseID-innloggingen var ${d['authenticated_seconds_before_login']} sekunder eldre enn denne innloggingen (auth_time)`
        : 'HelseID sa ikke når personen logget inn (auth_time mangler)',
    idp: (d) =>
      `en annen identitetsleverandør enn kortets: forventet ${String(d['expected_idp'] ?? '?')}, fikk ${String(d['idp'] ?? '?')} (idp)`,
    signature: () => 'kortet signerte ikke denne innloggingen (signature)',
    name: () => 'personen HelseID logget inn har ikke navnet på kortet (name)',
    'card-binding': () => 'kortet er bevist å tilhøre en annen person på denne maskinen (card-binding)',
    test_pid: () => 'TestIdP logget inn en annen person enn test_pid (test_pid)',
  },
  en: {
    auth_time: (d) =>
      typeof d['authenticated_seconds_before_login'] === 'number'
        ? `the HelseID authentication was ${d['authenticated_seconds_before_login']} seconds older than this login (auth_time)`
        : 'HelseID did not say when the person authenticated (auth_time missing)',
    idp: (d) =>
      `another identity provider than the card's: expected ${String(d['expected_idp'] ?? '?')}, got ${String(d['idp'] ?? '?')} (idp)`,
    signature: () => 'the card did not sign this login (signature)',
    name: () => 'the person HelseID logged in does not have the name on the card (name)',
    'card-binding': () => 'the card was proven to belong to another person on this computer (card-binding)',
    test_pid: () => 'TestIdP logged in another person than test_pid (test_pid)',
  },
};

type Detail = Readonly<Record<string, string | number | boolean>>;

function isFinding(value: unknown): value is SetupErrorCode {
  return typeof value === 'string' && Object.hasOwn(SETUP_ERROR_TEXTS, value);
}

/** Empty when the error carries nothing more for IT than its code (the clinician's words say it all). */
export function itDetails(
  error: { readonly code: string; readonly detail?: Detail | undefined },
  language: Language,
): ItDetailLine[] {
  const detail = error.detail ?? {};
  const label = LABELS[language];
  const lines: ItDetailLine[] = [];
  const finding = detail['finding'];
  if (isFinding(finding)) {
    const words = SETUP_ERROR_TEXTS[finding][language];
    // a rule's words (`problem`) are said in the window's language, as `doctor` says them
    const said = (key: string) =>
      key === 'problem' ? configProblemText(String(detail[key]), language) : String(detail[key]);
    const fill = (text: string) =>
      text.replace(/\{(\w+)\}/g, (whole, key: string) => (typeof detail[key] === 'string' ? said(key) : whole));
    lines.push({ key: 'finding', label: label.finding, text: `${fill(words.title)}: ${fill(words.what)}` });
    lines.push({ key: 'todo', label: label.todo, text: fill(words.todo) });
  }
  if (typeof detail['file'] === 'string') lines.push({ key: 'file', label: label.file, text: detail['file'] });
  // only configuration and key-file rules have words in both languages (config-problem-text.ts); other
  // codes' `problem` is a developer's note in English and stays in the logs and the report
  if (typeof detail['problem'] === 'string' && RULE_CODES.has(error.code)) {
    const field = typeof detail['field'] === 'string' && detail['field'] !== '(file)' ? `${detail['field']}: ` : '';
    lines.push({ key: 'rule', label: label.rule, text: `${field}${configProblemText(detail['problem'], language)}` });
  }
  if (error.code === 'login-other-person' && typeof detail['failed'] === 'string') {
    const words = detail['failed'].split(', ').map((rule) => LOGIN_RULES[language][rule]?.(detail) ?? rule);
    lines.push({ key: 'rule', label: label.rule, text: words.join('; ') });
  }
  // a portal's login service (Kjernejournal Innlogging) speaks for itself, not for HelseID
  const speaker = error.code.startsWith('portal-') ? 'portal' : 'authority';
  if (typeof detail['description'] === 'string')
    lines.push({ key: speaker, label: label[speaker], text: detail['description'] });
  if (lines.length === 0) return [];
  lines.push({ key: 'run', label: label.run, text: RUN[language] });
  lines.push({ key: 'code', label: label.code, text: isFinding(finding) ? `${error.code} (${finding})` : error.code });
  return lines;
}
