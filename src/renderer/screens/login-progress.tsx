import type { Language } from '../../shared/errors/error-texts.ts';
import type { AppView, LoginStep } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import type { UiText } from '../i18n.ts';

const STEP_TEXT: Record<LoginStep, keyof UiText> = {
  starting: 'stepStarting',
  browser: 'stepBrowser',
  card: 'stepCard',
  pin: 'stepPin',
  tokens: 'stepTokens',
};

export function LoginProgress({ view, language, onCancel }: { view: AppView; language: Language; onCancel: () => void }) {
  const t = UI_TEXT[language];
  const step = view.login?.step ?? 'starting';
  return (
    <section class="panel" data-screen="logging-in" aria-busy="true">
      <h2>{t.loggingIn}</h2>
      <p role="status" data-login-step={step}>{t[STEP_TEXT[step]]}</p>
      <button type="button" onClick={onCancel}>{t.cancel}</button>
    </section>
  );
}
