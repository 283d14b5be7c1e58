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
import { realScheduler, type Scheduler } from '../../../src/main/auth/scheduler.ts';
import { runnableClient } from '../../../src/main/provisioning/installation.ts';
import { renewKey } from '../../../src/main/provisioning/key-renewal.ts';
import { createRenewalScheduler, type RenewalScheduler } from '../../../src/main/provisioning/renewal-scheduler.ts';
import { seededStateDir } from '../../support/seeded-state.ts';
import type { SetupDeps } from '../../../src/main/provisioning/setup-flow.ts';
import type { AppError } from '../../../src/shared/errors/app-error.ts';

export const KARI_TESTIDP = '13827099842';

/**
 * The clock of key lifetimes, shared by the emulator's Selvbetjening (when a key expires, and the
 * cache delay) and a workstation's key code (key ring, set-up, renewal and its scheduler): a test
 * moves it on instead of waiting for a key to expire. Tokens, client assertions and timers keep the
 * real clock. Until a test moves it, it is the real clock.
 */
export interface KeyClock {
  now(): number;
  advance(ms: number): void;
}
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
  keys: KeyClock;
  stop(): Promise<void>;
}

export async function startEnv(options: StartOptions['selvbetjening'] = {}): Promise<Env> {
  const stateDir = await seededStateDir('helseid-prov-');
  const logLines: string[] = [];
  let shift = 0;
  const keys: KeyClock = { now: () => Date.now() + shift, advance: (ms) => void (shift += ms) };
  const env = await startEnvironment({
    stateDir,
    log: (line) => logLines.push(line),
    selvbetjening: { clientCacheDelayMs: 0, now: keys.now, ...options },
  });
  return {
    env,
    stateDir,
    logLines,
    keys,
    stop: async () => {
      await env.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export interface Workstation {
  config: ConfigFile;
  folder: string;
  /** its environment's key clock */
  keys: KeyClock;
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
    keys: e.keys,
    assertionKids,
    assertions,
    lines,
    fetch: watchingFetch,
    signal: stop.signal,
    keyRing: new KeyRing(createFileKeyStore({ folder }), e.keys.now),
    deps: (extra = {}) => ({
      config,
      keyRing: ws.keyRing,
      fetch: watchingFetch,
      modulusLength: 2048,
      pollIntervalMs: 100,
      clock: e.keys.now,
      openExternal: followBrowser({ signal: stop.signal, onProblem: (p) => lines.push(p), fetch: watchingFetch }),
      log: (line) => lines.push(line),
      ...extra,
    }),
    restart: () => (ws.keyRing = new KeyRing(createFileKeyStore({ folder }), e.keys.now)),
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
 * The app's own renewal scheduler over a workstation's key ring, on its key clock and, unless a test
 * gives its own timers (auth-harness's manualScheduler), real ones; renewing with the workstation's
 * deps and logging into its lines. The caller starts it and must stop it.
 */
export function renewalSchedulerFor(ws: Workstation, scheduler: Scheduler = realScheduler): RenewalScheduler {
  return createRenewalScheduler({
    keyRing: ws.keyRing,
    renewal: ws.config.provisioning!.renewal,
    scheduler,
    clock: ws.keys.now,
    log: (l) => ws.lines.push(l),
    renew: () => renewKey(ws.deps()),
  });
}
