import type { HelseIdBridge, IpcResult } from '../../shared/ipc/contract.ts';
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
  onDiagnostics: () => void;
}

/** Picks the screen for the view's phase; each screen owns one state of the journey. */
export function MainScreen({ view, language, bridge, run, onDiagnostics }: Props) {
  const t = UI_TEXT[language];
  if (!view || view.phase === 'starting') return <p class="status" role="status">{t.starting}</p>;
  if (view.phase === 'setup-error' && view.setupError) return <SetupErrorScreen error={view.setupError} language={language} onDiagnostics={onDiagnostics} />;
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
    return <LockedScreen unlock={view.unlock} language={language} onUnlock={() => run(bridge.unlock())} onLogout={() => run(bridge.logout())} />;
  }
  if (view.phase === 'logged-in' && view.user) {
    return (
      <UserScreen
        view={view}
        language={language}
        onLogout={() => run(bridge.logout())}
        onCall={(name) => run(bridge.callApi({ name }))}
        onSwitchUnit={(organization) => run(bridge.switchUnit({ organization }))}
      />
    );
  }
  if (view.phase === 'logging-in') return <LoginProgress view={view} language={language} onCancel={() => run(bridge.cancelLogin())} />;
  return <CardScreen view={view} language={language} onLogin={(cardId) => run(bridge.login({ cardId }))} onDismissNotice={() => run(bridge.dismissError())} />;
}
