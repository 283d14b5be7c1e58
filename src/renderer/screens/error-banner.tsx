import type { Language } from '../../shared/ipc/settings-schema.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import { ItDetails } from './it-details.tsx';

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
  return (
    <section class="error" role="alert" data-error-code={error.code}>
      <h2>{text.title}</h2>
      <p>{text.what}</p>
      <p>
        <strong>{t.whatToDo}: </strong>
        {text.todo}
      </p>
      <ItDetails error={error} language={language} />
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
