// What the window runs on, in each of its three modes, and what every way of running the app (the
// Electron shell, the Chromium preview, the tests) hands in. Types only: start-app-services.ts
// chooses the mode, one file per mode builds it.
import type { AppView } from '../../shared/ipc/view-schemas.ts';
import type { ModuleLauncher } from '../card/module-launcher.ts';
import type { HelseIdClient } from '../auth/helseid-client.ts';
import type { CardService } from '../card/card-service.ts';
import type { HelseIdConfig } from '../config/index.ts';
import type { AppController } from '../controller/app-controller.ts';
import type { PreferencesPort } from '../controller/ports.ts';
import type { IpcDispatch } from '../ipc/ipc-router.ts';
import type { KeyStoreChoice, OsKeyStoreFactory } from '../provisioning/installation.ts';

export interface AppPorts {
  /** the system browser: shell.openExternal in Electron, a new tab in the preview */
  openExternal(url: string): Promise<void>;
  fetch?: typeof fetch;
  bringToFront?: () => void;
  log?: (line: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  /** replaces the PKCS#11 card service (a scripted fake, for what SoftHSM cannot do) */
  cards?: CardService;
  /** per-user preferences: electron-store in Electron; in memory when absent */
  preferences?: PreferencesPort;
  /** shown in the diagnostics report (Electron: app.getVersion()) */
  appVersion?: string;
  /** the OS clipboard (Electron's clipboard.writeText); without it the window copies by itself */
  copyText?: (text: string) => void;
  /** the OS-protected key store (Electron's safeStorage) for a provisioned client; plain Node has none */
  osKeyStore?: OsKeyStoreFactory;
  /** how PKCS#11 module processes start: Electron's utilityProcess in the app; child_process.fork when absent */
  launchModule?: ModuleLauncher;
}

/**
 * `app`: the whole app on a configured or provisioned client. `setup-error`: the configuration (or
 * the client's key) cannot be used — "Feil i oppsettet". `workstation-setup`: a `provisioning`
 * configuration without a client yet — "Sett opp denne arbeidsstasjonen".
 */
export type WindowMode = 'app' | 'setup-error' | 'workstation-setup';

/** What the shell and the preview wire once: messages in, views out. */
export interface WindowServices {
  readonly mode: WindowMode;
  readonly dispatch: IpcDispatch;
  readonly controller: { view(): AppView; onView(listener: (view: AppView) => void): () => void };
  close(): Promise<void>;
}

export interface AppServices extends WindowServices {
  readonly mode: 'app';
  readonly config: HelseIdConfig;
  readonly configSource: string;
  readonly authority: string;
  readonly cards: CardService;
  readonly controller: AppController<HelseIdClient>;
  /** the HelseID client behind the controller (tests check that card removal emptied it) */
  readonly session: HelseIdClient;
  readonly preferences: PreferencesPort;
}

/** Which key store the ports give a provisioned client: the OS's in Electron, a file in plain Node. */
export function keyStoreChoice(ports: Pick<AppPorts, 'env' | 'osKeyStore'>): KeyStoreChoice {
  return { env: ports.env ?? process.env, ...(ports.osKeyStore ? { osKeyStore: ports.osKeyStore } : {}) };
}
