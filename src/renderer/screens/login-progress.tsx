import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { AppView, LoginStep } from '../../shared/ipc/view-schemas.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';
import type { UiText } from '../i18n.ts';

const STEPS: readonly { step: LoginStep; text: keyof UiText }[] = [
  { step: 'starting', text: 'stepStarting' },
  { step: 'browser', text: 'stepBrowser' },
  { step: 'card', text: 'stepCard' },
  { step: 'pin', text: 'stepPin' },
  { step: 'tokens', text: 'stepTokens' },
];

/** Where the login is, as a progress bar and a live status line, and a way out. */
export function LoginProgress({
  view,
  language,
  onCancel,
}: {
  view: AppView;
  language: Language;
  onCancel: () => void;
}) {
  const t = UI_TEXT[language];
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const step = view.login?.step ?? 'starting';
  const index = STEPS.findIndex((s) => s.step === step);
  const cancelling = view.login?.cancelling === true;
  const text = cancelling ? t.cancelling : t[STEPS[index]!.text];
  return (
    <section
      class="panel"
      data-screen="logging-in"
      data-cancelling={cancelling || undefined}
      aria-busy="true"
      aria-labelledby="screen-title"
    >
      <h2 id="screen-title" tabIndex={-1} ref={heading}>
        {t.loggingIn}
      </h2>
      <progress
        max={STEPS.length}
        value={index + 1}
        aria-label={t.stepOf.replace('{n}', String(index + 1)).replace('{total}', String(STEPS.length))}
      />
      <p role="status" data-login-step={step} data-testid="login-status">
        {text}
      </p>
      <button type="button" onClick={onCancel} disabled={cancelling}>
        {cancelling ? t.cancelling : t.cancel}
      </button>
    </section>
  );
}
