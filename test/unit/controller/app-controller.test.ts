// The controller against our own interfaces (a scripted card port and session port): the rules that
// join card and session. The same rules run against SoftHSM and the emulator in test/e2e.
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { AppController } from '../../../src/main/controller/app-controller.ts';
import type {
  CardChallenge,
  CardInfoPort,
  CardSnapshotPort,
  PortalPort,
  SessionPort,
} from '../../../src/main/controller/ports.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';

const card: CardInfoPort = {
  id: 'c1',
  readerId: 'r1',
  holderName: 'Kari Nordmann',
  issuerFamily: 'buypass',
  environment: 'test',
  validTo: '2030-01-01T00:00:00Z',
  state: 'ok',
  pin: 'ok',
};
const user = {
  name: 'Kari Nordmann',
  givenName: 'Kari',
  familyName: 'Nordmann',
  hprNumber: '9144900',
  securityLevel: '4',
  pidMasked: '138270*****',
};

function setup(options: { sign?: (pin: Buffer) => Promise<unknown>; bringToFront?: () => void } = {}) {
  let snapshot: CardSnapshotPort = { readers: [{ id: 'r1', label: 'Reader 1' }], cards: [card] };
  const listeners: ((s: CardSnapshotPort) => void)[] = [];
  let authenticate: (c: CardChallenge) => Promise<unknown> = async () => undefined;
  let loggedIn = false;
  const session: SessionPort & { endSessionForCardRemoval: ReturnType<typeof vi.fn> } = {
    login: vi.fn(async () => {
      await authenticate({ challenge: 'abc', origin: 'http://127.0.0.1:1' });
      loggedIn = true;
      return user;
    }),
    user: () => (loggedIn ? user : undefined),
    apis: () => [],
    callApi: vi.fn(),
    logout: vi.fn(async () => void (loggedIn = false)),
    endSessionForCardRemoval: vi.fn(async () => void (loggedIn = false)),
  };
  const controller = new AppController({
    cards: { snapshot: () => snapshot, onChange: (l) => (listeners.push(l), () => {}) },
    createSession: (auth) => ((authenticate = auth), session),
    signWithCard: async (_id, pin) => (options.sign ? options.sign(pin) : { format: 'web-eid:1.0' }),
    authority: 'http://127.0.0.1:1',
    pinRetryCodes: ['card-pin-incorrect'],
    ...(options.bringToFront ? { bringToFront: options.bringToFront } : {}),
  });
  const views: AppView[] = [];
  controller.onView((v) => views.push(v));
  controller.start();
  const setCards = (cards: CardInfoPort[]) => {
    snapshot = { ...snapshot, cards };
    listeners.forEach((l) => l(snapshot));
  };
  const waitFor = async (predicate: (v: AppView) => boolean) => {
    await vi.waitFor(() => expect(predicate(controller.view())).toBe(true));
    return controller.view();
  };
  return { controller, session, views, setCards, waitFor };
}

describe('AppController', () => {
  it('login_withPin_endsLoggedIn', async () => {
    const { controller, waitFor } = setup();
    await controller.login('c1');
    const asking = await waitFor((v) => !!v.login?.pinRequest);
    expect(asking.login?.step).toBe('pin');
    controller.submitPin(asking.login!.pinRequest!.requestId, '1234');
    const done = await waitFor((v) => v.phase === 'logged-in');
    expect(done.user).toMatchObject({ name: 'Kari Nordmann', pidMasked: '138270*****', cardId: 'c1' });
  });

  it('login_withWrongPin_asksAgainWithTheReason', async () => {
    const sign = vi.fn(async (pin: Buffer) => {
      if (pin.toString() !== '1234')
        throw new AppError('card-pin-incorrect', { retriable: true, detail: { triesLeft: 2 } });
      return { format: 'web-eid:1.0' };
    });
    const { controller, waitFor } = setup({ sign });
    await controller.login('c1');
    const first = await waitFor((v) => !!v.login?.pinRequest);
    controller.submitPin(first.login!.pinRequest!.requestId, '9999');
    const second = await waitFor((v) => v.login?.pinRequest?.lastError?.code === 'card-pin-incorrect');
    expect(second.login!.pinRequest!.requestId).not.toBe(first.login!.pinRequest!.requestId);
    controller.submitPin(second.login!.pinRequest!.requestId, '1234');
    await waitFor((v) => v.phase === 'logged-in');
  });

  it('pin_isZeroedAfterSigning', async () => {
    let seen: Buffer | undefined;
    const { controller, waitFor } = setup({ sign: async (pin) => ((seen = pin), { format: 'web-eid:1.0' }) });
    await controller.login('c1');
    const asking = await waitFor((v) => !!v.login?.pinRequest);
    controller.submitPin(asking.login!.pinRequest!.requestId, '1234');
    await waitFor((v) => v.phase === 'logged-in');
    expect([...seen!]).toEqual([0, 0, 0, 0]);
  });

  it('cardRemoved_afterLogin_endsTheSessionAndShowsInsertCard', async () => {
    const { controller, session, setCards, waitFor } = setup();
    await controller.login('c1');
    const asking = await waitFor((v) => !!v.login?.pinRequest);
    controller.submitPin(asking.login!.pinRequest!.requestId, '1234');
    await waitFor((v) => v.phase === 'logged-in');
    setCards([]);
    expect(session.endSessionForCardRemoval).toHaveBeenCalledTimes(1);
    const after = await waitFor((v) => v.phase === 'no-card');
    expect(after.user).toBeUndefined();
  });

  it('cardRemoved_duringLogin_abortsWithCardRemoved', async () => {
    const { controller, setCards, waitFor } = setup();
    await controller.login('c1');
    await waitFor((v) => !!v.login?.pinRequest);
    setCards([]);
    const after = await waitFor((v) => v.phase === 'no-card' && !v.login);
    expect(after.error?.code).toBe('card-removed');
  });

  it('cancelPin_duringLogin_endsTheLoginWithoutAnError', async () => {
    const { controller, waitFor } = setup();
    await controller.login('c1');
    const asking = await waitFor((v) => !!v.login?.pinRequest);
    controller.cancelPin(asking.login!.pinRequest!.requestId);
    const after = await waitFor((v) => v.phase === 'card-present' && !v.login);
    expect(after.error).toBeUndefined();
  });

  it('login_succeeds_bringsTheWindowToTheFront', async () => {
    // the person was in the browser; the app comes back once the login is done
    const bringToFront = vi.fn();
    const { controller, waitFor } = setup({ bringToFront });
    await controller.login('c1');
    const asking = await waitFor((v) => !!v.login?.pinRequest);
    expect(bringToFront).not.toHaveBeenCalled();
    controller.submitPin(asking.login!.pinRequest!.requestId, '1234');
    await waitFor((v) => v.phase === 'logged-in');
    expect(bringToFront).toHaveBeenCalledOnce();
  });

  it('login_withExpiredCard_isRefused', async () => {
    const { controller, setCards } = setup();
    setCards([{ ...card, state: 'expired' }]);
    await expect(controller.login('c1')).rejects.toMatchObject({ code: 'card-not-usable' });
  });
});

/** A portal port whose state the test sets; its calls are recorded. */
function fakePortal() {
  let state: ReturnType<PortalPort['state']> = { state: 'closed' };
  const changed: (() => void)[] = [];
  const failed: ((error: unknown) => void)[] = [];
  const portal = {
    name: 'kjernejournal' as const,
    state: () => state,
    authorizations: () => ['LE'],
    open: vi.fn(async () => {
      state = { state: 'open', patientMasked: '050766*****', basis: 'SAMTYKKE', authorization: 'LE' };
      changed.forEach((l) => l());
    }),
    close: vi.fn(async () => {
      state = { state: 'closed' };
      changed.forEach((l) => l());
    }),
    onChange: (l: () => void) => (changed.push(l), () => {}),
    onFailure: (l: (error: unknown) => void) => (failed.push(l), () => {}),
  };
  return { portal, fail: (error: unknown) => failed.forEach((l) => l(error)) };
}

describe('AppController with a portal', () => {
  async function loggedIn() {
    const s = setup();
    const { portal, fail } = fakePortal();
    s.controller.attachPortal(portal);
    await s.controller.login('c1');
    const asking = await s.waitFor((v) => !!v.login?.pinRequest);
    s.controller.submitPin(asking.login!.pinRequest!.requestId, '1234');
    await s.waitFor((v) => v.phase === 'logged-in');
    return { ...s, portal, fail };
  }

  it('thePortal_isInTheViewOnlyWhileSomeoneIsLoggedIn_withThePatientMasked', async () => {
    const s = setup();
    const { portal } = fakePortal();
    s.controller.attachPortal(portal);
    expect(s.controller.view().portal).toBeUndefined();
    await expect(s.controller.openPortal('05076600343', 'SAMTYKKE')).rejects.toMatchObject({ code: 'not-logged-in' });
    expect(portal.open).not.toHaveBeenCalled();
    const { controller } = await loggedIn();
    expect(controller.view().portal).toEqual({ name: 'kjernejournal', state: 'closed', authorizations: ['LE'] });
  });

  it('openPortal_passesThePatientOnce_andTheViewShowsItMasked', async () => {
    const { controller, portal } = await loggedIn();
    await controller.openPortal('05076600343', 'SAMTYKKE', 'LE');
    expect(portal.open).toHaveBeenCalledWith({
      patient: '05076600343',
      basis: 'SAMTYKKE',
      authorization: 'LE',
      language: 'nb',
    });
    expect(controller.view().portal).toMatchObject({ state: 'open', patientMasked: '050766*****' });
    expect(JSON.stringify(controller.view())).not.toContain('05076600343');
  });

  it('switchingUnit_closesThePatientFirst', async () => {
    const s = await loggedIn();
    const switchOrganization = vi.fn(async () => {});
    (s.session as SessionPort).switchOrganization = switchOrganization;
    await s.controller.openPortal('05076600343', 'SAMTYKKE');
    await s.controller.switchUnit('912345679');
    expect(s.portal.close).toHaveBeenCalledOnce();
    expect(s.portal.close.mock.invocationCallOrder[0]!).toBeLessThan(switchOrganization.mock.invocationCallOrder[0]!);
  });

  it('aFailureNobodyAwaited_showsAsTheWindowsError', async () => {
    const { controller, fail } = await loggedIn();
    fail(new AppError('portal-session-ended', { detail: { operation: 'refresh', status: 410 } }));
    expect(controller.view().error).toMatchObject({ code: 'portal-session-ended' });
  });
});
