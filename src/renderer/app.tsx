// The window: a pure function of the AppView main pushes, plus the commands the person gives.
import { useEffect, useState } from 'preact/hooks';
import type { HelseIdBridge, IpcResult } from '../shared/ipc/contract.ts';
import type { AppView } from '../shared/ipc/view-schemas.ts';
import type { Language } from '../shared/errors/error-texts.ts';
import { UI_TEXT } from './i18n.ts';
import { ErrorBanner } from './screens/error-banner.tsx';
import { CardScreen } from './screens/card-screen.tsx';
import { LoginProgress } from './screens/login-progress.tsx';
import { PinDialog } from './screens/pin-dialog.tsx';
import { UserScreen } from './screens/user-screen.tsx';

export function App({ bridge }: { bridge: HelseIdBridge }) {
  const [view, setView] = useState<AppView | undefined>(undefined);
  const [language, setLanguage] = useState<Language>('nb');
  const [localError, setLocalError] = useState<AppView['error']>(undefined);
  const t = UI_TEXT[language];

  useEffect(() => {
    const off = bridge.onViewChanged(setView);
    void bridge.getView().then((r) => r.ok && setView(r.value));
    return off;
  }, [bridge]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t.appTitle;
  }, [language, t]);

  // Every command answers a result; a failure shows the same banner as an error main reports.
  const run = async <T,>(call: Promise<IpcResult<T>>) => {
    const result = await call;
    if (!result.ok) setLocalError(result.error);
    return result;
  };

  const error = localError ?? view?.error;
  const dismiss = () => {
    setLocalError(undefined);
    if (view?.error) void bridge.dismissError();
  };

  return (
    <div class="app">
      <header class="topbar">
        <h1>{t.appTitle}</h1>
        <button type="button" class="link" aria-label={t.languageLabel} onClick={() => setLanguage(language === 'nb' ? 'en' : 'nb')}>
          {t.language}
        </button>
      </header>
      <main>
        {error && <ErrorBanner error={error} language={language} onDismiss={dismiss} />}
        {!view || view.phase === 'starting' ? (
          <p class="status" role="status">{t.starting}</p>
        ) : view.phase === 'logged-in' && view.user ? (
          <UserScreen view={view} language={language} onLogout={() => run(bridge.logout())} onCall={(name) => run(bridge.callApi({ name }))} />
        ) : view.phase === 'logging-in' ? (
          <LoginProgress view={view} language={language} onCancel={() => run(bridge.cancelLogin())} />
        ) : (
          <CardScreen view={view} language={language} onLogin={(cardId) => run(bridge.login({ cardId }))} />
        )}
        {view?.login?.pinRequest && (
          <PinDialog
            request={view.login.pinRequest}
            language={language}
            onSubmit={(pin) => run(bridge.submitPin({ requestId: view.login!.pinRequest!.requestId, pin }))}
            onCancel={() => run(bridge.cancelPin({ requestId: view.login!.pinRequest!.requestId }))}
          />
        )}
      </main>
      <footer class="footer">{view?.authority}</footer>
    </div>
  );
}
