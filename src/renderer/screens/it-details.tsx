import { Fragment } from 'preact';
import { itDetails } from '../../shared/errors/it-details.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import { UI_TEXT } from '../i18n.ts';

type Detail = Readonly<Record<string, string | number | boolean>>;

/**
 * What an error tells IT beyond the person's words (the file, `doctor`'s finding and fix, the rule,
 * what to run), closed until someone opens it: on the error banner and on "Feil i oppsettet".
 * Nothing when the error carries nothing more for IT.
 */
export function ItDetails({
  error,
  language,
}: {
  error: { readonly code: string; readonly detail?: Detail | undefined };
  language: Language;
}) {
  const forIt = itDetails(error, language);
  if (forIt.length === 0) return null;
  return (
    <details class="it-details" data-testid="error-it-details">
      <summary>{UI_TEXT[language].detailsForIt}</summary>
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
  );
}
