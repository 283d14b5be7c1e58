import { useEffect, useRef, useState } from 'preact/hooks';
import type { Language } from '../../shared/errors/error-texts.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { PinRequest } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import { pinLabel } from '../labels.ts';

/** Asks for the card's PIN. The field is cleared as soon as the PIN is sent; nothing keeps it. */
export function PinDialog({ request, language, onSubmit, onCancel }: { request: PinRequest; language: Language; onSubmit: (pin: string) => void; onCancel: () => void }) {
  const t = UI_TEXT[language];
  const [pin, setPin] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [request.requestId]);
  const submit = (event: Event) => {
    event.preventDefault();
    const value = pin;
    setPin('');
    onSubmit(value);
  };
  const problem = request.lastError ? errorText(request.lastError.code, language, request.lastError.detail) : undefined;
  return (
    <div class="dialog-backdrop">
      <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="pin-title" onSubmit={submit} data-screen="pin">
        <h2 id="pin-title">{t.pinTitle.replace('{holder}', request.holderName)}</h2>
        {problem && <p class="pin-error" role="alert">{problem.what} {problem.todo}</p>}
        <p class="muted">{t.pinState}: {pinLabel(request, language)}</p>
        <label for="pin-input">{t.pinLabel}</label>
        <input id="pin-input" ref={input} type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]{4,12}" minLength={4} maxLength={12} required value={pin} onInput={(e) => setPin((e.target as HTMLInputElement).value)} />
        <div class="actions">
          <button type="submit" class="primary">{t.pinSubmit}</button>
          <button type="button" onClick={onCancel}>{t.cancel}</button>
        </div>
      </form>
    </div>
  );
}
