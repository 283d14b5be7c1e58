import { Fragment } from 'preact';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import { itDetails } from '../../shared/errors/it-details.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';

type ErrorData = NonNullable<AppView['error']>;

interface Props {
  error: ErrorData;
  language: Language;
  onDismiss: () => void;
  /** offered where doing the same again can help (shared/errors/try-again.ts) */
  onTryAgain?: (() => void) | undefined;
  /** the try is under way: the button says so (it stays focusable, so focus does not fall away) */
  tryingAgain?: boolean;
}

/** Title, what happened and what to do — always from the table keyed by code, never raw text. */
export function ErrorBanner({ error, language, onDismiss, onTryAgain, tryingAgain = false }: Props) {
  const text = errorText(error.code, language, error.detail);
  const t = UI_TEXT[language];
  const forIt = itDetails(error, language);
  return (
    <section class="error" role="alert" data-error-code={error.code}>
      <h2>{text.title}</h2>
      <p>{text.what}</p>
      <p>
        <strong>{t.whatToDo}: </strong>
        {text.todo}
      </p>
      {forIt.length > 0 && (
        // closed by default: the file, the finding and the command are for IT, the words above for the person
        <details class="it-details" data-testid="error-it-details">
          <summary>{t.detailsForIt}</summary>
          <dl>
            {/* HelseID's own description is English (a quote, for IT and developers); the rest is in the window's language */}
            {forIt.map((line) => (
              <Fragment key={line.key}>
                <dt>{line.label}</dt>
                <dd data-it={line.key} lang={line.key === 'authority' ? 'en' : undefined}>
                  {line.key === 'file' || line.key === 'run' ? <code>{line.text}</code> : line.text}
                </dd>
              </Fragment>
            ))}
          </dl>
        </details>
      )}
      <div class="actions">
        {onTryAgain && (
          <button
            type="button"
            class="primary"
            data-testid="try-again"
            aria-disabled={tryingAgain || undefined}
            onClick={() => !tryingAgain && onTryAgain()}
          >
            {tryingAgain ? t.tryingAgain : t.tryAgain}
          </button>
        )}
        <button type="button" onClick={onDismiss}>
          {t.dismiss}
        </button>
      </div>
    </section>
  );
}
