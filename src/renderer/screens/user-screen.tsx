import type { Language } from '../../shared/errors/error-texts.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import { ApiCard } from './api-card.tsx';

export function UserScreen({ view, language, onLogout, onCall }: { view: AppView; language: Language; onLogout: () => void; onCall: (name: string) => void }) {
  const t = UI_TEXT[language];
  const user = view.user!;
  return (
    <section class="panel" data-screen="logged-in">
      <h2>{t.loggedInAs}</h2>
      <p class="holder" data-testid="user-name">{user.name}</p>
      <dl>
        <dt>{t.hpr}</dt>
        <dd data-testid="user-hpr">{user.hprNumber ?? t.noHpr}</dd>
        <dt>{t.securityLevel}</dt>
        <dd>{user.securityLevel}</dd>
        <dt>{t.nationalId}</dt>
        <dd data-testid="user-pid">{user.pidMasked}</dd>
      </dl>
      <button type="button" onClick={onLogout}>{t.logOut}</button>
      <h2>{t.apis}</h2>
      <ul class="apis">
        {view.apis.map((api) => <ApiCard key={api.name} api={api} language={language} onCall={() => onCall(api.name)} />)}
      </ul>
    </section>
  );
}
