// What a screen gets to run a command the person tried: the app keeps it, so that "Prøv igjen" can
// run it again (app.tsx), and the screens call it without knowing how (screens/main-screen.tsx).
import type { IpcResult } from '../shared/ipc/contract.ts';

export type AttemptRunner = <T>(
  command: () => Promise<IpcResult<T>>,
  options?: { failsInView?: boolean; focusAfter?: string },
) => Promise<IpcResult<T>>;
