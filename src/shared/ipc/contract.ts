// The one typed IPC contract between the renderer and the main process.
// Each channel has the method name the preload exposes, a request schema and a response schema;
// both sides validate at runtime. The preload exposes exactly these methods (nothing generic), and
// main drops any message on a channel that is not here or from a sender that is not our window.
import { PIN_PATTERN } from '../pin-rule.ts';
import { z } from 'zod';
import {
  accessBasisSchema,
  appViewSchema,
  apiViewSchema,
  errorDataSchema,
  hprAuthorizationSchema,
} from './view-schemas.ts';
import { languageSchema, settingsViewSchema } from './settings-schema.ts';

const none = z.undefined();
const ok = z.object({ ok: z.literal(true) });

export const invokeChannels = {
  'app:get-view': { method: 'getView', request: none, response: appViewSchema },
  'session:login': { method: 'login', request: z.object({ cardId: z.string().min(1).max(256) }), response: ok },
  'session:cancel-login': { method: 'cancelLogin', request: none, response: ok },
  'session:logout': { method: 'logout', request: none, response: ok },
  'card:submit-pin': {
    method: 'submitPin',
    // src/shared/pin-rule.ts says what a PIN looks like. Main turns it into a Buffer at once and
    // zeroes that after use; it is never stored and never sent back.
    request: z.object({ requestId: z.string().min(1).max(64), pin: z.string().regex(PIN_PATTERN) }),
    response: ok,
  },
  'card:cancel-pin': { method: 'cancelPin', request: z.object({ requestId: z.string().min(1).max(64) }), response: ok },
  'api:call': { method: 'callApi', request: z.object({ name: z.string().min(1).max(64) }), response: apiViewSchema },
  'app:dismiss-error': { method: 'dismissError', request: none, response: ok },
  // null: act for the parent organization only (no child organization in the tokens)
  'session:switch-unit': {
    method: 'switchUnit',
    request: z.object({
      organization: z
        .string()
        .regex(/^\d{9}$/)
        .nullable(),
    }),
    response: ok,
  },
  'session:unlock': { method: 'unlock', request: none, response: ok },
  // "Åpne Kjernejournal": the patient's national id number goes to main once, like the PIN; main
  // keeps it for the portal session and never sends it back (the view shows it masked). The window
  // checks the whole rule first (src/shared/national-id.ts); main checks it again.
  'portal:open': {
    method: 'openPortal',
    request: z.object({
      patient: z.string().regex(/^\d{11}$/),
      basis: accessBasisSchema,
      authorization: hprAuthorizationSchema.optional(),
    }),
    response: ok,
  },
  'portal:close': { method: 'closePortal', request: none, response: ok },
  'app:set-language': { method: 'setLanguage', request: z.object({ language: languageSchema }), response: ok },
  'app:get-settings': { method: 'getSettings', request: none, response: settingsViewSchema },
  // the diagnostics report (src/main/diagnostics), formatted in the person's language, for IT
  'app:diagnostics': { method: 'getDiagnostics', request: none, response: z.object({ text: z.string().max(200_000) }) },
  // Main copies a freshly built report itself: the sandboxed window may not write the clipboard
  // in Electron, and the renderer never gets to choose what lands there.
  'app:copy-diagnostics': { method: 'copyDiagnostics', request: none, response: ok },
  // "Set up this workstation" (only while the workstation has no client): start, cancel, and after
  // success go on to the normal app with the new client
  'setup:start': { method: 'startSetup', request: none, response: ok },
  'setup:cancel': { method: 'cancelSetup', request: none, response: ok },
  'setup:continue': { method: 'continueAfterSetup', request: none, response: ok },
} as const;

/** Events main pushes to the renderer. */
export const eventChannels = {
  'app:view-changed': { method: 'onViewChanged', payload: appViewSchema },
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['response']>;
export type PayloadOf<E extends EventChannel> = z.infer<(typeof eventChannels)[E]['payload']>;
export type IpcError = z.infer<typeof errorDataSchema>;

/** What every call answers: a value, or an error as plain data (exceptions never cross). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ipcResultSchema = <T extends z.ZodType>(value: T) =>
  z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: errorDataSchema })]);

type InvokeMethods = {
  [C in InvokeChannel as (typeof invokeChannels)[C]['method']]: RequestOf<C> extends undefined
    ? () => Promise<IpcResult<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>>;
};
type EventMethods = {
  [E in EventChannel as (typeof eventChannels)[E]['method']]: (listener: (payload: PayloadOf<E>) => void) => () => void;
};

/** The object the preload exposes as `window.helseid` (the preview installs one of the same shape). */
export type HelseIdBridge = InvokeMethods & EventMethods;

export const BRIDGE_GLOBAL = 'helseid';

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(invokeChannels, value);
}
