// Builds the `window.helseid` object from the contract over any transport: Electron's ipcRenderer
// in the preload, a Playwright binding in the preview. Requests are validated before they leave
// and answers before the renderer sees them, so a broken main process cannot hand the UI garbage.
import { eventChannels, invokeChannels, ipcResultSchema } from './contract.ts';
import type { EventChannel, HelseIdBridge, InvokeChannel, IpcResult } from './contract.ts';

export interface BridgeTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export function buildBridge(transport: BridgeTransport): HelseIdBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) {
    const spec = invokeChannels[channel];
    const resultSchema = ipcResultSchema(spec.response);
    bridge[spec.method] = async (request?: unknown): Promise<IpcResult<unknown>> => {
      const checked = spec.request.safeParse(request);
      if (!checked.success) {
        const field = checked.error.issues[0]?.path.join('.') || '(request)';
        return { ok: false, error: { code: 'ipc-invalid-request', retriable: false, detail: { channel, field } } };
      }
      const answer = resultSchema.safeParse(await transport.invoke(channel, checked.data));
      if (!answer.success)
        return { ok: false, error: { code: 'ipc-invalid-response', retriable: false, detail: { channel } } };
      return answer.data as IpcResult<unknown>;
    };
  }
  for (const channel of Object.keys(eventChannels) as EventChannel[]) {
    const spec = eventChannels[channel];
    bridge[spec.method] = (listener: (payload: unknown) => void) =>
      transport.subscribe(channel, (payload) => {
        const checked = spec.payload.safeParse(payload);
        if (checked.success) listener(checked.data);
      });
  }
  return Object.freeze(bridge) as unknown as HelseIdBridge;
}
