// The window's "Set up this workstation": runs runSetup (the same flow as `helseid-desktop setup`)
// and keeps what the window may know about it — the step, how it ended, which APIs are ready. The
// key pair, the API key and the tokens stay inside runSetup; only names, states and the error
// table's code (with non-secret details) reach the state here, and from it the view.
import { AppError, toErrorData } from '../../shared/errors/app-error.ts';
import type { ErrorData } from '../../shared/errors/app-error.ts';
import type { WorkstationSetupView } from '../../shared/ipc/view-schemas.ts';
import { runSetup, type SetupDeps, type SetupResult, type SetupStep } from './setup-flow.ts';

const STEP_ORDER: readonly SetupStep[] = [
  'generating-key',
  'creating-draft',
  'waiting-for-confirmation',
  'waiting-for-helseid',
  'checking-access',
  'done',
];

/** The controller's state: the view without display names (the services add them in the person's language). */
export type SetupState = Omit<WorkstationSetupView, 'apis'> & { apis?: { name: string; status: 'ok' | 'pending' }[] };

export interface SetupControllerDeps {
  readonly setupDeps: SetupDeps;
  /** runSetup; a test may pass a scripted one */
  readonly run?: typeof runSetup;
  readonly log?: (line: string) => void;
}

export class SetupController {
  #state: SetupState = { state: 'intro' };
  #abort: AbortController | undefined;
  #result: SetupResult | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #deps: SetupControllerDeps;

  constructor(deps: SetupControllerDeps) {
    this.#deps = deps;
  }

  state(): SetupState {
    return this.#state;
  }

  /** the finished set-up (state 'done') */
  result(): SetupResult | undefined {
    return this.#result;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts the set-up; resolves when it has ended (done, failed or cancelled) — it never rejects. */
  start(): Promise<void> {
    if (this.#abort) return Promise.reject(new AppError('setup-in-progress'));
    if (this.#state.state === 'done') return Promise.reject(new AppError('setup-not-needed'));
    const abort = new AbortController();
    this.#abort = abort;
    let clientId: string | undefined;
    let draftMade = false;
    this.#set({ state: 'running', step: 'generating-key' });
    const run = this.#deps.run ?? runSetup;
    return run(this.#deps.setupDeps, {
      signal: abort.signal,
      onProgress: (step, detail) => {
        if (detail?.clientId) clientId = detail.clientId;
        if (step === 'waiting-for-confirmation') draftMade = true;
        // forward only: a repeated or late report of an earlier step never moves the bar back
        const current = this.#state.step ? STEP_ORDER.indexOf(this.#state.step) : -1;
        if (STEP_ORDER.indexOf(step) <= current || this.#state.state !== 'running') return;
        this.#set({ ...this.#state, step, ...(clientId ? { clientId } : {}) });
      },
    })
      .then(
        (result) => {
          this.#result = result;
          this.#deps.log?.(
            `setup: workstation set up as ${result.clientId} (${result.apis.filter((a) => a.status === 'pending').length} API(s) pending)`,
          );
          this.#set({
            state: 'done',
            step: 'done',
            clientId: result.clientId,
            apis: perService(result.apis),
          });
        },
        (error: unknown) => {
          const data: ErrorData = toErrorData(error);
          this.#deps.log?.(`setup: ended with ${data.code}${itDetails(data)}`);
          const recorded = draftMade && data.code !== 'setup-not-needed' ? { draftRecorded: true } : {};
          const id = clientId ? { clientId } : {};
          if (data.code === 'setup-cancelled' && abort.signal.aborted)
            this.#set({ state: 'cancelled', ...id, ...recorded });
          else this.#set({ state: 'failed', ...id, ...recorded, error: safeError(data) });
        },
      )
      .finally(() => {
        this.#abort = undefined;
      });
  }

  /** Cancel at any step: the window says "Avbryter …" until runSetup has stopped. */
  cancel(): void {
    if (!this.#abort || this.#abort.signal.aborted) return;
    this.#set({ ...this.#state, state: 'cancelling' });
    this.#abort.abort();
  }

  #set(state: SetupState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}

/**
 * Details the error table's placeholders use, and those IT reads under "Detaljer for IT": which
 * operation, which field or file, the server's rule (already cleaned: selvbetjening-errors.ts,
 * authority-description.ts). Only these names, only short plain values — never a token or key.
 */
const SAFE_DETAILS = [
  'client_id',
  'status',
  'step',
  'file',
  'field',
  'operation',
  'problem_type',
  'title',
  'description',
  'problem',
  'fields',
  'error',
  'code',
  'last',
  'expired_at',
];

function safeError(data: ErrorData): ErrorData {
  const detail = Object.fromEntries(
    Object.entries(data.detail ?? {}).filter(([k, v]) => SAFE_DETAILS.includes(k) && String(v).length <= 300),
  );
  return { code: data.code, retriable: data.retriable, ...(Object.keys(detail).length ? { detail } : {}) };
}

/** The same details for the log line: IT reading the log learns which operation failed and why. */
function itDetails(data: ErrorData): string {
  const parts = Object.entries(safeError(data).detail ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/**
 * One line per service for the window: a service with several scopes (Kjernejournal: innlogging and
 * tillitsrammeverk) is usable only when all of them are, and waits while any one does.
 */
function perService(apis: readonly { name: string; status: 'ok' | 'pending' }[]) {
  const byName = new Map<string, 'ok' | 'pending'>();
  for (const a of apis) byName.set(a.name, byName.get(a.name) === 'pending' ? 'pending' : a.status);
  return [...byName].map(([name, status]) => ({ name, status }));
}
