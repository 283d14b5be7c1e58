// The window: a pure function of the AppView main pushes, plus the commands the person gives.
// The language is main's (a per-user preference), so the window, the title bar and the next start
// agree; the settings page is the only state of the window's own.
import type { AttemptRunner } from './attempt.ts';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { canTryAgain } from '../shared/errors/try-again.ts';
import type { HelseIdBridge, IpcResult } from '../shared/ipc/contract.ts';
import type { AppView } from '../shared/ipc/view-schemas.ts';
import { UI_TEXT } from './i18n.ts';
import { authorityName } from './labels.ts';
import { ErrorBanner } from './screens/error-banner.tsx';
import { MainScreen } from './screens/main-screen.tsx';
import { PinDialog } from './screens/pin-dialog.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { TopBar } from './screens/top-bar.tsx';
import type { Page } from './screens/top-bar.tsx';
import { DiagnosticsScreen } from './screens/diagnostics-screen.tsx';

/** Something the person tried, kept so that it can be tried again. */
interface Attempt {
  readonly command: () => Promise<IpcResult<unknown>>;
  /** its failure shows as main's error (a login, an unlock), not as the command's answer */
  readonly failsInView: boolean;
  /** where focus goes when trying again worked (a CSS selector) */
  readonly focusAfter?: string;
}

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

  // before the browser paints: a screen reader must never read the new words in the old language
  // (and a page reloaded in English showed its English heading under lang="nb" for a moment)
  useLayoutEffect(() => {
    document.documentElement.lang = language;
    document.title = t.appTitle;
  }, [language, t]);

  // Every command answers a result; a failure shows the same banner as an error main reports.
  const run = async <T,>(call: Promise<IpcResult<T>>) => {
    const result = await call;
    setLocalError(result.ok ? undefined : result.error);
    return result;
  };

  // Switching language is not a new try: the banner of the last one stays (now in the other language).
  const keepingTheBanner = async <T,>(call: Promise<IpcResult<T>>) => {
    const result = await call;
    if (!result.ok) setLocalError(result.error);
    return result;
  };

  // The last thing the person tried (log in, unlock, call a service, switch unit), so that "Prøv
  // igjen" on its error banner does it again. A login's or an unlock's failure arrives in main's
  // view; the others answer the command itself.
  const lastAttempt = useRef<Attempt | undefined>(undefined);
  const [tryingAgain, setTryingAgain] = useState(false);
  const attempt: AttemptRunner = (command, options = {}) => {
    lastAttempt.current = {
      command,
      failsInView: options.failsInView ?? false,
      ...(options.focusAfter ? { focusAfter: options.focusAfter } : {}),
    };
    return run(command());
  };

  const error = localError ?? view?.error;
  const dismiss = () => {
    lastAttempt.current = undefined;
    setLocalError(undefined);
    if (view?.error) void bridge.dismissError();
  };
  const retry = lastAttempt.current;
  // a login or unlock that failed is tried again only while it still can be (not once someone is in)
  const stillOpen = !retry?.failsInView || (view?.phase !== 'logged-in' && view?.phase !== 'logging-in');
  const offerTryAgain =
    !!error &&
    canTryAgain(error.code) &&
    !!retry &&
    stillOpen &&
    retry.failsInView === (error === view?.error && !localError);
  const tryAgain = async () => {
    if (!retry || tryingAgain) return;
    setTryingAgain(true);
    try {
      // main's banner goes with the new try (a login clears it itself; the screen then changes and
      // its heading takes focus); a banner of ours stays, with focus on this button, until it works
      const result = await run(retry.command());
      // on success the banner (and this button) are gone: focus goes where the try's answer is
      if (result.ok && retry.focusAfter) document.querySelector<HTMLElement>(retry.focusAfter)?.focus();
    } finally {
      setTryingAgain(false);
    }
  };
  const pinRequest = view?.login?.pinRequest ?? view?.unlock?.pinRequest;

  return (
    <div class="app">
      {/* with the PIN dialog open, the rest of the window is inert: keyboard and screen reader stay in the dialog */}
      <div class="app-body" inert={!!pinRequest}>
        <TopBar
          language={language}
          page={page}
          onPage={setPage}
          onLanguage={(next) => keepingTheBanner(bridge.setLanguage({ language: next }))}
        />
        <main id="main">
          {error && (
            <ErrorBanner
              error={error}
              language={language}
              onDismiss={dismiss}
              onTryAgain={offerTryAgain ? () => void tryAgain() : undefined}
              tryingAgain={tryingAgain}
            />
          )}
          {page === 'settings' ? (
            <SettingsScreen bridge={bridge} language={language} />
          ) : page === 'diagnostics' ? (
            <DiagnosticsScreen bridge={bridge} language={language} />
          ) : (
            <MainScreen
              view={view}
              language={language}
              bridge={bridge}
              run={run}
              attempt={attempt}
              onDiagnostics={() => setPage('diagnostics')}
            />
          )}
        </main>
        {/* which HelseID, in words (the address itself is on the settings page, for IT) */}
        <footer class="footer">{view?.authority ? `${t.connectedTo} ${authorityName(view.authority, t)}` : ''}</footer>
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
