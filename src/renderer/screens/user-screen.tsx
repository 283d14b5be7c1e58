import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { useFocusOnMount } from '../focus.ts';
import { UI_TEXT } from '../i18n.ts';
import { ApiCard } from './api-card.tsx';
import { UnitSwitcher } from './unit-switcher.tsx';
import { PortalPanel, type PortalOpenRequest } from './portal-panel.tsx';

interface Props {
  view: AppView;
  language: Language;
  onLogout: () => void;
  onCall: (name: string) => void;
  onSwitchUnit: (organization: string | null) => Promise<{ readonly ok: boolean }>;
  onOpenPortal: (request: PortalOpenRequest) => Promise<{ readonly ok: boolean }>;
  onClosePortal: () => Promise<{ readonly ok: boolean }>;
}

/** Who is logged in (the national id number only masked), the unit, and each API with its token. */
export function UserScreen({ view, language, onLogout, onCall, onSwitchUnit, onOpenPortal, onClosePortal }: Props) {
  const t = UI_TEXT[language];
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const user = view.user!;
  return (
    <>
      <section class="panel" data-screen="logged-in" aria-labelledby="screen-title">
        <h2 id="screen-title" tabIndex={-1} ref={heading}>
          {t.loggedInAs}
        </h2>
        <p class="holder" data-testid="user-name">
          {user.name}
        </p>
        <dl>
          <dt>{t.hpr}</dt>
          <dd data-testid="user-hpr">{user.hprNumber ?? t.noHpr}</dd>
          <dt>{t.securityLevel}</dt>
          <dd data-testid="user-level">{user.securityLevel === '4' ? t.securityLevelHigh : user.securityLevel}</dd>
          <dt>{t.nationalId}</dt>
          <dd data-testid="user-pid">{user.pidMasked}</dd>
        </dl>
        {/* a unit only changes what the API tokens carry: without APIs there is nothing to switch */}
        {view.units.length > 0 && view.apis.length > 0 && (
          <UnitSwitcher units={view.units} current={user.organization} language={language} onSwitch={onSwitchUnit} />
        )}
        <button type="button" onClick={onLogout}>
          {t.logOut}
        </button>
      </section>
      {view.portal && (
        <PortalPanel portal={view.portal} language={language} onOpen={onOpenPortal} onClose={onClosePortal} />
      )}
      {/* "login only" configurations have no APIs: then there is nothing more to offer */}
      {view.apis.length > 0 && (
        <section class="panel" aria-labelledby="apis-title">
          <h2 id="apis-title">{t.apis}</h2>
          <ul class="apis">
            {view.apis.map((api) => (
              <ApiCard key={api.name} api={api} language={language} onCall={() => onCall(api.name)} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
