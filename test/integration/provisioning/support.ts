// A workstation that sets itself up against the embedded environment's Selvbetjening, in-process:
// the real emulator, the real set-up and renewal code, the follow "browser" pressing the
// confirmation page's default button, and a fetch that only watches which key signed each client
// assertion (it changes nothing).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { startEnvironment, type EmbeddedEnvironment, type StartOptions } from '../../../authority/environment.ts';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import {
  provisioningConfigFromEnvironmentInfo,
  type ConfigFile,
  type ConfigFileInput,
} from '../../../src/main/config/index.ts';
import { createFileKeyStore } from '../../../src/main/keys/file-key-store.ts';
import { KeyRing } from '../../../src/main/keys/key-ring.ts';
import { realScheduler } from '../../../src/main/auth/scheduler.ts';
import { runnableClient } from '../../../src/main/provisioning/installation.ts';
import { renewKey } from '../../../src/main/provisioning/key-renewal.ts';
import { createRenewalScheduler, type RenewalScheduler } from '../../../src/main/provisioning/renewal-scheduler.ts';
import type { SetupDeps } from '../../../src/main/provisioning/setup-flow.ts';
import type { AppError } from '../../../src/shared/errors/app-error.ts';

export const KARI_TESTIDP = '13827099842';

/** The error a promise must end in (a resolve fails the test). */
export const failure = (p: Promise<unknown>): Promise<AppError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as AppError,
  );

export interface Env {
  env: EmbeddedEnvironment;
  stateDir: string;
  logLines: string[];
  stop(): Promise<void>;
}

export async function startEnv(options: StartOptions['selvbetjening'] = {}): Promise<Env> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-prov-'));
  const logLines: string[] = [];
  const env = await startEnvironment({
    stateDir,
    log: (line) => logLines.push(line),
    selvbetjening: { clientCacheDelayMs: 0, ...options },
  });
  return {
    env,
    stateDir,
    logLines,
    stop: async () => {
      await env.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export interface Workstation {
  config: ConfigFile;
  folder: string;
  keyRing: KeyRing;
  /** kids of the client assertions sent so far, in order */
  assertionKids: string[];
  /** the same, with the address each assertion went to */
  assertions: { url: string; kid: string }[];
  lines: string[];
  fetch: typeof fetch;
  /** aborted by close(): for follow browsers a test makes itself */
  signal: AbortSignal;
  deps(extra?: Partial<SetupDeps>): SetupDeps;
  /** a new KeyRing over the same folder: what a restarted process would find */
  restart(): KeyRing;
  login(): Promise<{ name: string }>;
  close(): Promise<void>;
}

export async function workstation(e: Env, overrides: Partial<ConfigFileInput> = {}): Promise<Workstation> {
  const folder = await mkdtemp(path.join(tmpdir(), 'helseid-ws-'));
  const config = provisioningConfigFromEnvironmentInfo(e.env.info, overrides);
  const assertionKids: string[] = [];
  const assertions: { url: string; kid: string }[] = [];
  const lines: string[] = [];
  const stop = new AbortController();
  const watchingFetch: typeof fetch = async (input, init) => {
    const body = init?.body;
    const form =
      body instanceof URLSearchParams
        ? body
        : typeof body === 'string' && body.includes('client_assertion=')
          ? new URLSearchParams(body)
          : undefined;
    const assertion = form?.get('client_assertion');
    if (assertion) {
      const kid = String(decodeProtectedHeader(assertion).kid);
      assertionKids.push(kid);
      assertions.push({ url: input instanceof Request ? input.url : String(input), kid });
    }
    return fetch(input, init);
  };
  const ws: Workstation = {
    config,
    folder,
    assertionKids,
    assertions,
    lines,
    fetch: watchingFetch,
    signal: stop.signal,
    keyRing: new KeyRing(createFileKeyStore({ folder })),
    deps: (extra = {}) => ({
      config,
      keyRing: ws.keyRing,
      fetch: watchingFetch,
      modulusLength: 2048,
      pollIntervalMs: 100,
      openExternal: followBrowser({ signal: stop.signal, onProblem: (p) => lines.push(p), fetch: watchingFetch }),
      log: (line) => lines.push(line),
      ...extra,
    }),
    restart: () => (ws.keyRing = new KeyRing(createFileKeyStore({ folder }))),
    async login() {
      const runnable = await runnableClient(config, ws.keyRing);
      if (!runnable) throw new Error('not set up');
      const client = createHelseIdClient({
        config: runnable.config,
        fetch: watchingFetch,
        log: (line) => lines.push(line),
        openExternal: followBrowser({ signal: stop.signal, onProblem: (p) => lines.push(p) }),
        ...(runnable.loadClientKey ? { loadClientKey: runnable.loadClientKey } : {}),
      });
      try {
        return await client.login({ testPid: KARI_TESTIDP });
      } finally {
        await client.close();
      }
    },
    close: async () => {
      stop.abort();
      await rm(folder, { recursive: true, force: true });
    },
  };
  return ws;
}

/**
 * The app's own renewal scheduler over a workstation's key ring, on the real clock and timers (the
 * tests give keys a few seconds of life, so renewal happens while they wait), renewing with the
 * workstation's deps and logging into its lines. The caller starts it and must stop it.
 */
export function renewalSchedulerFor(ws: Workstation): RenewalScheduler {
  return createRenewalScheduler({
    keyRing: ws.keyRing,
    renewal: ws.config.provisioning!.renewal,
    scheduler: realScheduler,
    clock: Date.now,
    log: (l) => ws.lines.push(l),
    renew: () => renewKey(ws.deps()),
  });
}
