import type { Language } from '../../shared/ipc/settings-schema.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';

type ErrorData = NonNullable<AppView['error']>;

/** Title, what happened and what to do — always from the table keyed by code, never raw text. */
export function ErrorBanner({ error, language, onDismiss }: { error: ErrorData; language: Language; onDismiss: () => void }) {
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
      <button type="button" onClick={onDismiss}>{t.dismiss}</button>
    </section>
  );
}
