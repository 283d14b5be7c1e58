import { configProblemText } from '../../shared/config-problem-text.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { SetupErrorView } from '../../shared/ipc/view-schemas.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';
import { ItDetails } from './it-details.tsx';

/**
 * The machine's configuration cannot be used: what is wrong, where (file and field, as IT must look
 * for them), what is expected, and the troubleshooting report one click away. The field path and the
 * "expected …" words are the ones `doctor` prints in the same language, so IT can search for them.
 */
export function SetupErrorScreen({
  error,
  language,
  onDiagnostics,
}: {
  error: SetupErrorView;
  language: Language;
  onDiagnostics: () => void;
}) {
  const t = UI_TEXT[language];
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const text = errorText(error.code, language, error.file ? { file: error.file } : undefined);
  // the same words `doctor` prints in this language (a rule without a translation stays English)
  const problem = error.problem === undefined ? undefined : configProblemText(error.problem, language);
  // a key file's finding, the fix and the command are for IT: closed, as on the error banner
  const { code: _code, issues: _issues, line: _line, column: _column, ...itDetail } = error;
  const more = (error.issues ?? 0) > 1 ? t.setupMoreProblems.replace('{n}', String(error.issues! - 1)) : undefined;
  return (
    <section
      class="panel setup-error"
      data-screen="setup-error"
      data-error-code={error.code}
      aria-labelledby="screen-title"
    >
      {/* one name for the screen whatever stops the app (the configuration, the client key, the key store) */}
      <h2 id="screen-title" tabIndex={-1} ref={heading}>
        {t.setupErrorTitle}
      </h2>
      <p data-testid="setup-what">
        {text.title !== t.setupErrorTitle && <strong>{text.title}. </strong>}
        {text.what}
      </p>
      {/* a key file's fault is told to IT under "Detaljer for IT" (file, finding, fix); the person reads what it means */}
      {!error.finding && (
        <dl>
          {error.file && (
            <>
              <dt>{t.setupFile}</dt>
              <dd data-testid="setup-file">
                <code>{error.file}</code>
              </dd>
            </>
          )}
          {error.field && (
            <>
              <dt>{t.setupField}</dt>
              <dd data-testid="setup-field">
                <code>{error.field}</code>
              </dd>
            </>
          )}
          {error.line !== undefined && error.column !== undefined && (
            <>
              <dt>{t.setupWhere}</dt>
              <dd data-testid="setup-where">
                {t.setupLineColumn.replace('{line}', String(error.line)).replace('{column}', String(error.column))}
              </dd>
            </>
          )}
          {problem && (
            <>
              <dt>{t.setupExpected}</dt>
              <dd data-testid="setup-problem" lang={problem === error.problem ? 'en' : language}>
                {problem}
              </dd>
            </>
          )}
        </dl>
      )}
      {more && <p class="muted">{more}</p>}
      <p>
        <strong>{t.whatToDo}: </strong>
        {text.todo}
      </p>
      {error.finding && <ItDetails error={{ code: error.code, detail: itDetail }} language={language} />}
      <div class="actions">
        <button type="button" class="primary" data-testid="open-diagnostics" onClick={onDiagnostics}>
          {t.openDiagnostics}
        </button>
      </div>
    </section>
  );
}
