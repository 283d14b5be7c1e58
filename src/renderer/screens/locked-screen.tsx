import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { UnlockView } from '../../shared/ipc/view-schemas.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';

interface Props {
  unlock: UnlockView;
  language: Language;
  onUnlock: () => void;
  onLogout: () => void;
}

/** The session is held in main but unusable: no person details, no APIs, until the same card and its PIN. */
export function LockedScreen({ unlock, language, onUnlock, onLogout }: Props) {
  const t = UI_TEXT[language];
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const fill = (text: string) => text.replace('{holder}', unlock.holderName);
  return (
    <section class="panel locked" data-screen="locked" aria-labelledby="screen-title">
      <h2 id="screen-title" tabIndex={-1} ref={heading}>
        {t.lockedTitle}
      </h2>
      <p>{fill(t.lockedHelp)}</p>
      <p role="status" class="status" data-testid="locked-status">
        {unlock.verifying ? t.verifying : unlock.cardPresent ? t.lockedReady : fill(t.lockedInsert)}
      </p>
      <div class="actions">
        <button type="button" class="primary" disabled={!unlock.cardPresent || unlock.verifying} onClick={onUnlock}>
          {t.unlock}
        </button>
        <button type="button" onClick={onLogout}>
          {t.logOut}
        </button>
      </div>
    </section>
  );
}
