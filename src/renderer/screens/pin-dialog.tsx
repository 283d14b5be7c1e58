import { useEffect, useRef, useState } from 'preact/hooks';
import { PIN_MAX_DIGITS, PIN_PATTERN } from '../../shared/pin-rule.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { PinRequest } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import type { UiText } from '../i18n.ts';

/** Asks for the card's PIN. The field is cleared as soon as the PIN is sent; nothing keeps it. */
export function PinDialog({
  request,
  language,
  onSubmit,
  onCancel,
}: {
  request: PinRequest;
  language: Language;
  onSubmit: (pin: string) => void;
  onCancel: () => void;
}) {
  const t = UI_TEXT[language];
  const [pin, setPin] = useState('');
  // our own words for a PIN of the wrong shape (the browser's would be "Please match the requested format.")
  const [formatError, setFormatError] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [request.requestId]);
  const submit = (event: Event) => {
    event.preventDefault();
    if (!PIN_PATTERN.test(pin)) {
      setFormatError(true);
      input.current?.focus();
      return;
    }
    const value = pin;
    setPin('');
    setFormatError(false);
    onSubmit(value);
  };
  const problem = request.lastError ? errorText(request.lastError.code, language, request.lastError.detail) : undefined;
  // after a wrong PIN the error already says how many tries are left; repeat only the final-try warning
  const warning = problem && request.pin === 'count-low' ? undefined : pinWarning(request.pin, t);
  const describedBy = [
    formatError ? 'pin-format' : '',
    problem ? 'pin-problem' : '',
    warning ? 'pin-warning' : '',
    'pin-hint',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div class="dialog-backdrop">
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pin-title"
        data-screen="pin"
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        <form class="dialog-form" noValidate onSubmit={submit}>
          <h2 id="pin-title">{t.pinTitle.replace('{holder}', request.holderName)}</h2>
          {problem && (
            <p class="pin-error" id="pin-problem" role="alert" data-error-code={request.lastError?.code}>
              {problem.what} {problem.todo}
            </p>
          )}
          {warning && (
            <p class={`pin-warning pin-${request.pin}`} id="pin-warning" data-pin-state={request.pin}>
              {warning}
            </p>
          )}
          <label for="pin-input">{t.pinLabel}</label>
          <input
            id="pin-input"
            ref={input}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={PIN_MAX_DIGITS}
            required
            aria-invalid={formatError}
            aria-describedby={describedBy}
            value={pin}
            onInput={(e) => {
              setPin((e.target as HTMLInputElement).value);
              if (formatError) setFormatError(false);
            }}
          />
          <p class="muted pin-hint" id="pin-hint">
            {t.pinHint}
          </p>
          {formatError && (
            <p class="pin-error" id="pin-format" role="alert" data-testid="pin-format">
              {t.pinFormat}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary">
              {t.pinSubmit}
            </button>
            <button type="button" onClick={onCancel}>
              {t.cancel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

function pinWarning(state: PinRequest['pin'], t: UiText): string | undefined {
  switch (state) {
    case 'count-low':
      return t.pinFewLeft;
    case 'final-try':
      return t.pinFinalTry;
    case 'locked':
      return t.pinLockedHelp;
    case 'pin-pad-unsupported':
      return t.pinPadHelp;
    case 'ok':
      return undefined;
  }
}
