// Validates and dispatches every message from the renderer. Plain Node: the Electron adapter
// (src/main/app/shell-wiring.ts) and the preview (scripts/preview.ts) both route through this one function,
// so what is tested here is what the app does.
import { invokeChannels, isInvokeChannel } from '../../shared/ipc/contract.ts';
import type { InvokeChannel, IpcError, IpcResult, RequestOf, ResponseOf } from '../../shared/ipc/contract.ts';
import { toErrorData } from '../../shared/errors/app-error.ts';

export type IpcHandlers = { [C in InvokeChannel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export type IpcDispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export interface IpcRouterOptions {
  /** every error answered to the window (the troubleshooting report's "last error the person saw") */
  readonly onError?: (error: IpcError) => void;
}

export function createIpcRouter(
  handlers: IpcHandlers,
  log: (line: string) => void = () => {},
  options: IpcRouterOptions = {},
): IpcDispatch {
  const fail = (error: IpcError): IpcResult<never> => {
    options.onError?.(error);
    return { ok: false, error };
  };
  return async (channel, payload) => {
    if (!isInvokeChannel(channel)) {
      log(`ipc: dropped a message on an unknown channel`);
      return fail({ code: 'ipc-unknown-channel', retriable: false });
    }
    const spec = invokeChannels[channel];
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) {
      // Name the field, never echo the value: it may be a PIN.
      const field = parsed.error.issues[0]?.path.join('.') || '(request)';
      log(`ipc: ${channel}: invalid request at ${field}`);
      return fail({ code: 'ipc-invalid-request', retriable: false, detail: { channel, field } });
    }
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      const value = spec.response.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (error) {
      const data = toErrorData(error);
      if (data.code === 'internal') log(`ipc: ${channel}: internal error: ${describe(error)}`);
      return fail(data);
    }
  };
}

function describe(error: unknown): string {
  // Only the class name and our own code reach the log: library messages can carry request data.
  return error instanceof Error ? error.name : typeof error;
}
