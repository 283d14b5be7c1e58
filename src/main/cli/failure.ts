// What the command line prints when a command fails: one sentence from the error table (what
// happened, what to do), plus, for configuration errors, the file and field. Never err.message of
// a library error: it can quote tokens or server answers.
import { isAppError, errorCode, toErrorData } from '../../shared/errors/app-error.ts';
import { configProblemText } from '../../shared/config-problem-text.ts';
import { errorText, type Language } from '../../shared/errors/error-texts.ts';
import { itDetails } from '../../shared/errors/it-details.ts';

/** A command's error with lines that belong after its sentence (the card's PIN state after a wrong PIN). */
export class CliFailure extends Error {
  readonly extra: readonly string[];
  constructor(cause: unknown, extra: readonly string[]) {
    super('command failed', { cause });
    this.name = 'CliFailure';
    this.extra = extra;
  }
}

export function failureLines(failure: unknown, language: Language): string[] {
  const err = failure instanceof CliFailure ? failure.cause : failure;
  const code = errorCode(err);
  const detail = isAppError(err) ? err.detail : undefined;
  const text = errorText(code, language, detail);
  const lines = [`${text.what} ${text.todo}`];
  if (detail && (code === 'invalid-config' || code === 'client-key-invalid') && typeof detail['file'] === 'string') {
    // file, then the field and what is expected when the check named them
    const nb = language === 'nb';
    const field =
      typeof detail['field'] === 'string' && detail['field'] !== '(file)'
        ? `  ${nb ? 'felt' : 'field'}: ${detail['field']}`
        : '';
    const problem =
      typeof detail['problem'] === 'string' ? `  — ${configProblemText(detail['problem'], language)}` : '';
    lines.push(`${nb ? 'fil' : 'file'}: ${detail['file']}${field}${problem}`);
  }
  // what `doctor` finds wrong with the key file and the fix — the lines the window shows under "Detaljer for IT"
  // (and for a login refused as another person, the rules it failed)
  for (const line of itDetails({ code, detail }, language))
    if (line.key === 'finding' || line.key === 'todo' || (line.key === 'rule' && code === 'login-other-person'))
      lines.push(`${line.label}: ${line.text}`);
  // the authority's own words (detail.description, already cleaned): the rule that failed, for IT
  // and developers, e.g. "TestIdP: test_pid must be a Norwegian national id number …"
  if (detail && typeof detail['description'] === 'string') {
    lines.push(`${language === 'nb' ? 'HelseID sier' : 'HelseID says'}: ${detail['description']}`);
  }
  if (failure instanceof CliFailure) lines.push(...failure.extra);
  lines.push(`(${code})`);
  return lines;
}

/** `--json`: `{ ok: false, error: { code, retriable, detail } }` — the AppError's non-secret data. */
export function failureJson(failure: unknown): {
  ok: false;
  error: { code: string; retriable: boolean; detail?: Readonly<Record<string, unknown>> };
} {
  const err = failure instanceof CliFailure ? failure.cause : failure;
  return { ok: false, error: toErrorData(err) };
}
