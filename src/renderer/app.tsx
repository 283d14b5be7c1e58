// The window: a pure function of the AppView main pushes, plus the commands the person gives.
// The language is main's (a per-user preference), so the window, the title bar and the next start
// agree; the settings page is the only state of the window's own.
import { useEffect, useState } from 'preact/hooks';
import type { HelseIdBridge, IpcResult } from '../shared/ipc/contract.ts';
import type { AppView } from '../shared/ipc/view-schemas.ts';
import { UI_TEXT } from './i18n.ts';
import { ErrorBanner } from './screens/error-banner.tsx';
import { MainScreen } from './screens/main-screen.tsx';
import { PinDialog } from './screens/pin-dialog.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { TopBar } from './screens/top-bar.tsx';
import type { Page } from './screens/top-bar.tsx';
import { DiagnosticsScreen } from './screens/diagnostics-screen.tsx';

export function App({ bridge }: { bridge: HelseIdBridge }) {
  const [view, setView] = useState<AppView | undefined>(undefined);
  const [localError, setLocalError] = useState<AppView['error']>(undefined);
  const [page, setPage] = useState<Page>('main');
  const language = view?.language ?? 'nb';
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
    setLocalError(result.ok ? undefined : result.error);
    return result;
  };

  const error = localError ?? view?.error;
  const dismiss = () => {
    setLocalError(undefined);
    if (view?.error) void bridge.dismissError();
  };
  const pinRequest = view?.login?.pinRequest ?? view?.unlock?.pinRequest;

  return (
    <div class="app">
      {/* with the PIN dialog open, the rest of the window is inert: keyboard and screen reader stay in the dialog */}
      <div class="app-body" inert={!!pinRequest}>
      <TopBar language={language} page={page} onPage={setPage} onLanguage={(next) => run(bridge.setLanguage({ language: next }))} />
      <main id="main">
        {error && <ErrorBanner error={error} language={language} onDismiss={dismiss} />}
        {page === 'settings' ? (
          <SettingsScreen bridge={bridge} language={language} />
        ) : page === 'diagnostics' ? (
          <DiagnosticsScreen bridge={bridge} language={language} />
        ) : (
          <MainScreen view={view} language={language} bridge={bridge} run={run} onDiagnostics={() => setPage('diagnostics')} />
        )}
      </main>
      <footer class="footer">{view?.authority}</footer>
      </div>
        {pinRequest && (
          <PinDialog
            request={pinRequest}
            language={language}
            onSubmit={(pin) => run(bridge.submitPin({ requestId: pinRequest.requestId, pin }))}
            onCancel={() => run(bridge.cancelPin({ requestId: pinRequest.requestId }))}
          />
        )}
    </div>
  );
}
