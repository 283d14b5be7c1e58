import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { createIpcRouter } from '../../../src/main/ipc/ipc-router.ts';
import type { IpcHandlers } from '../../../src/main/ipc/ipc-router.ts';
import { buildBridge } from '../../../src/shared/ipc/build-bridge.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';

const view: AppView = {
  phase: 'no-card',
  language: 'nb',
  authority: 'http://127.0.0.1:1',
  readers: 1,
  cards: [],
  apis: [],
  units: [],
};

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  const ok = async () => ({ ok: true as const });
  return {
    'app:get-view': async () => view,
    'session:login': ok,
    'session:cancel-login': ok,
    'session:logout': ok,
    'card:submit-pin': ok,
    'card:cancel-pin': ok,
    'api:call': async () => ({ name: 'x', displayName: 'x', audience: 'a', scopes: [], state: 'none' }),
    'app:dismiss-error': ok,
    'session:switch-unit': ok,
    'session:unlock': ok,
    'portal:open': ok,
    'portal:close': ok,
    'app:set-language': ok,
    'app:get-settings': async () => ({
      source: 'embedded environment',
      authorityKind: 'embedded',
      authority: 'http://127.0.0.1:1',
      clientId: 'c',
      apis: [],
      organizations: [],
      cardRemoval: 'logout',
      pkcs11Modules: [],
      loginTimeoutSeconds: 300,
    }),
    'app:diagnostics': async () => ({ text: 'report' }),
    'app:copy-diagnostics': ok,
    'setup:start': ok,
    'setup:cancel': ok,
    'setup:continue': ok,
    ...overrides,
  };
}

describe('ipc router', () => {
  it('unknownChannel_isDroppedWithAnErrorCode', async () => {
    const dispatch = createIpcRouter(handlers());
    expect(await dispatch('shell:open', {})).toEqual({
      ok: false,
      error: { code: 'ipc-unknown-channel', retriable: false },
    });
  });

  it('invalidPin_isRefused_andTheValueNeverReachesTheLog', async () => {
    const log = vi.fn();
    const submit = vi.fn(async () => ({ ok: true as const }));
    const dispatch = createIpcRouter(handlers({ 'card:submit-pin': submit }), log);
    const result = await dispatch('card:submit-pin', { requestId: 'r1', pin: '12ab5678' });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc-invalid-request', detail: { field: 'pin' } } });
    expect(submit).not.toHaveBeenCalled();
    expect(JSON.stringify(log.mock.calls)).not.toContain('12ab5678');
  });

  it('portalOpen_withAMalformedPatientNumber_isRefused_namingTheFieldNeverTheNumber', async () => {
    const log = vi.fn();
    const open = vi.fn(async () => ({ ok: true as const }));
    const dispatch = createIpcRouter(handlers({ 'portal:open': open }), log);
    const result = await dispatch('portal:open', { patient: '1382709984x', basis: 'SAMTYKKE' });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc-invalid-request', detail: { field: 'patient' } } });
    expect(open).not.toHaveBeenCalled();
    expect(JSON.stringify([result, log.mock.calls])).not.toContain('1382709984');
    // an access basis the portal does not know never reaches main's portal either
    const basis = await dispatch('portal:open', { patient: '13827099842', basis: 'NØD' });
    expect(basis).toMatchObject({ ok: false, error: { detail: { field: 'basis' } } });
    expect(JSON.stringify(basis)).not.toContain('13827099842');
  });

  it('aViewWithAnUnmaskedPatient_breaksTheContract_andIsNotPassedOn', async () => {
    const portal = { name: 'kjernejournal', state: 'open', patientMasked: '13827099842', authorizations: [] };
    const dispatch = createIpcRouter(handlers({ 'app:get-view': async () => ({ ...view, portal }) as AppView }));
    expect((await dispatch('app:get-view', undefined)).ok).toBe(false);
    const masked = { ...portal, patientMasked: '138270*****' };
    const fine = createIpcRouter(handlers({ 'app:get-view': async () => ({ ...view, portal: masked }) as AppView }));
    expect((await fine('app:get-view', undefined)).ok).toBe(true);
  });

  it('appError_crossesAsPlainData', async () => {
    const dispatch = createIpcRouter(
      handlers({
        'session:login': async () => {
          throw new AppError('no-card-selected', { retriable: true, message: 'secret-ish detail' });
        },
      }),
    );
    const result = await dispatch('session:login', { cardId: 'c1' });
    expect(result).toEqual({ ok: false, error: { code: 'no-card-selected', retriable: true } });
  });

  it('unexpectedException_becomesInternal_withoutItsMessage', async () => {
    const log = vi.fn();
    const dispatch = createIpcRouter(
      handlers({
        'session:logout': async () => {
          throw new TypeError('token eyJabc.def.ghi leaked');
        },
      }),
      log,
    );
    const result = await dispatch('session:logout', undefined);
    expect(result).toEqual({ ok: false, error: { code: 'internal', retriable: false } });
    expect(JSON.stringify(log.mock.calls)).not.toContain('eyJabc');
  });

  it('handlerAnswer_thatBreaksTheContract_isNotPassedOn', async () => {
    const leaky = { ...view, user: { name: 'Kari', securityLevel: '4', pidMasked: '13827099842' } };
    const dispatch = createIpcRouter(handlers({ 'app:get-view': async () => leaky }));
    const result = await dispatch('app:get-view', undefined);
    expect(result.ok).toBe(false);
  });
});

describe('bridge built from the contract', () => {
  it('exposesOneNamedMethodPerChannel_andNothingGeneric', () => {
    const bridge = buildBridge({ invoke: async () => undefined, subscribe: () => () => {} });
    expect(Object.keys(bridge).sort()).toEqual([
      'callApi',
      'cancelLogin',
      'cancelPin',
      'cancelSetup',
      'closePortal',
      'continueAfterSetup',
      'copyDiagnostics',
      'dismissError',
      'getDiagnostics',
      'getSettings',
      'getView',
      'login',
      'logout',
      'onViewChanged',
      'openPortal',
      'setLanguage',
      'startSetup',
      'submitPin',
      'switchUnit',
      'unlock',
    ]);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('roundTrip_throughTheRouter_returnsTheView', async () => {
    const dispatch = createIpcRouter(handlers());
    const bridge = buildBridge({ invoke: (channel, payload) => dispatch(channel, payload), subscribe: () => () => {} });
    expect(await bridge.getView()).toEqual({ ok: true, value: view });
  });

  it('malformedRequest_isStoppedBeforeItLeavesTheRenderer', async () => {
    const invoke = vi.fn();
    const bridge = buildBridge({ invoke, subscribe: () => () => {} });
    const result = await bridge.login({ cardId: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc-invalid-request' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('malformedEvent_isDropped', () => {
    let push: (payload: unknown) => void = () => {};
    const bridge = buildBridge({
      invoke: async () => undefined,
      subscribe: (_c, listener) => ((push = listener), () => {}),
    });
    const seen: unknown[] = [];
    bridge.onViewChanged((v) => seen.push(v));
    push({ phase: 'bogus' });
    push(view);
    expect(seen).toEqual([view]);
  });
});
