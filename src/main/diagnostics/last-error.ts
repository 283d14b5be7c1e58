// The last error the person saw, for the troubleshooting report ("Siste feil brukeren så", with its
// time). The controller remembers the errors it shows in the view; this log remembers the ones an
// IPC call answers the window with directly (a unit switch the authority refuses, a login refused
// before it started). The report shows whichever came last. Only the error's data is kept: its
// code, time and detail (the authority's description there is already sanitized) — never a message.
import type { IpcError } from '../../shared/ipc/contract.ts';
import type { LastError } from './doctor-report.ts';

export interface LastErrorLog {
  /** an error an IPC call returned to the window */
  record(error: IpcError): void;
  last(): LastError | undefined;
}

/** Not errors the person saw: they asked for it (cancel). */
const NOT_SHOWN = new Set(['login-cancelled', 'card-pin-cancelled', 'setup-cancelled']);

export function createLastErrorLog(clock: () => number = Date.now): LastErrorLog {
  let last: LastError | undefined;
  return {
    record: (error) => {
      if (NOT_SHOWN.has(error.code)) return;
      last = { code: error.code, at: clock(), ...(error.detail ? { detail: error.detail } : {}) };
    },
    last: () => last,
  };
}

/** The later of two last errors (the controller's and the IPC layer's). */
export function latestError(...errors: readonly (LastError | undefined)[]): LastError | undefined {
  return errors.reduce<LastError | undefined>(
    (latest, e) => (e && (!latest || e.at >= latest.at) ? e : latest),
    undefined,
  );
}
