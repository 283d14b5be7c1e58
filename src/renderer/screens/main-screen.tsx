import type { HelseIdBridge, IpcResult } from '../../shared/ipc/contract.ts';
import type { AttemptRunner } from '../attempt.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import { CardScreen } from './card-screen.tsx';
import { LockedScreen } from './locked-screen.tsx';
import { LoginProgress } from './login-progress.tsx';
import { SetupErrorScreen } from './setup-error-screen.tsx';
import { UserScreen } from './user-screen.tsx';
import { WorkstationSetupScreen } from './workstation-setup-screen.tsx';

interface Props {
  view: AppView | undefined;
  language: Language;
  bridge: HelseIdBridge;
  run: <T>(call: Promise<IpcResult<T>>) => Promise<IpcResult<T>>;
  /** runs something the person tries, which "Prøv igjen" can repeat */
  attempt: AttemptRunner;
  onDiagnostics: () => void;
}

/** Picks the screen for the view's phase; each screen owns one state of the journey. */
export function MainScreen({ view, language, bridge, run, attempt, onDiagnostics }: Props) {
  const t = UI_TEXT[language];
  if (!view || view.phase === 'starting')
    return (
      <p class="status" role="status">
        {t.starting}
      </p>
    );
  if (view.phase === 'setup-error' && view.setupError)
    return <SetupErrorScreen error={view.setupError} language={language} onDiagnostics={onDiagnostics} />;
  if (view.phase === 'workstation-setup' && view.workstationSetup) {
    return (
      <WorkstationSetupScreen
        setup={view.workstationSetup}
        language={language}
        onStart={() => run(bridge.startSetup())}
        onCancel={() => run(bridge.cancelSetup())}
        onContinue={() => run(bridge.continueAfterSetup())}
        onDiagnostics={onDiagnostics}
      />
    );
  }
  if (view.phase === 'locked' && view.unlock) {
    return (
      <LockedScreen
        unlock={view.unlock}
        language={language}
        onUnlock={() => attempt(() => bridge.unlock(), { failsInView: true })}
        onLogout={() => run(bridge.logout())}
      />
    );
  }
  if (view.phase === 'logged-in' && view.user) {
    return (
      <UserScreen
        view={view}
        language={language}
        onLogout={() => run(bridge.logout())}
        onCall={(name) =>
          attempt(() => bridge.callApi({ name }), { focusAfter: `li.api[data-api="${CSS.escape(name)}"] button` })
        }
        onSwitchUnit={(organization) =>
          attempt(() => bridge.switchUnit({ organization }), { focusAfter: '[data-testid="current-unit"]' })
        }
        onOpenPortal={(request) =>
          attempt(() => bridge.openPortal(request), { focusAfter: '[data-testid="portal-open-patient"]' })
        }
        onClosePortal={() => run(bridge.closePortal())}
      />
    );
  }
  if (view.phase === 'logging-in')
    return <LoginProgress view={view} language={language} onCancel={() => run(bridge.cancelLogin())} />;
  return (
    <CardScreen
      view={view}
      language={language}
      onLogin={(cardId) => attempt(() => bridge.login({ cardId }), { failsInView: true })}
      onDismissNotice={() => run(bridge.dismissError())}
    />
  );
}
