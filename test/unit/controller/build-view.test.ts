// buildView from hand-made state: the phase, and what the window may see in each — above all that
// a locked session shows who must come back and nothing else.
import { describe, expect, it } from 'vitest';
import { buildView } from '../../../src/main/controller/build-view.ts';
import type { ViewState } from '../../../src/main/controller/build-view.ts';
import type { CardInfoPort } from '../../../src/main/controller/ports.ts';

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
  securityLevel: '4',
  pidMasked: '138270*****',
};
const owner = { cardId: 'c1', holderName: 'Kari Nordmann' };

function state(patch: Partial<ViewState> = {}): ViewState {
  return {
    started: true,
    language: 'nb',
    authority: 'http://127.0.0.1:1',
    cards: { readers: [{ id: 'r1', label: 'Reader 1' }], cards: [card] },
    user: undefined,
    ownerCardId: undefined,
    apis: [{ name: 'person', audience: 'a', scopes: ['s'], state: 'valid' }],
    lastCalls: new Map(),
    units: [{ number: '912345679', name: 'Sentrum' }],
    login: undefined,
    lock: undefined,
    pinRequest: undefined,
    error: undefined,
    ...patch,
  };
}

describe('buildView', () => {
  it.each<[ViewState['cards'] | 'not-started', string]>([
    ['not-started', 'starting'],
    [{ readers: [], cards: [] }, 'no-reader'],
    [{ readers: [{ id: 'r1', label: 'Reader 1' }], cards: [] }, 'no-card'],
    [{ readers: [{ id: 'r1', label: 'Reader 1' }], cards: [card] }, 'card-present'],
  ])('withoutASession_thePhaseFollowsTheCards %#', (cards, phase) => {
    const view = buildView(cards === 'not-started' ? state({ started: false }) : state({ cards }));
    expect(view.phase).toBe(phase);
    expect(view).toMatchObject({ apis: [], units: [] });
    expect(view.user).toBeUndefined();
  });

  it('loggingIn_withAnOpenPinRequest_showsThePinStep_andTheLastError', () => {
    const pinError = { code: 'card-pin-incorrect', retriable: true };
    const view = buildView(state({ login: { step: 'card', pinError }, pinRequest: { requestId: 'p1', cardId: 'c1' } }));
    expect(view.phase).toBe('logging-in');
    expect(view.login).toEqual({
      step: 'pin',
      pinRequest: { requestId: 'p1', cardId: 'c1', holderName: 'Kari Nordmann', pin: 'ok', lastError: pinError },
    });
  });

  it('loggedIn_showsUserWithCard_tokens_lastCalls_andUnits', () => {
    const lastCall = { status: 200, at: 1, body: {} };
    const view = buildView(state({ user, ownerCardId: 'c1', lastCalls: new Map([['person', lastCall]]) }));
    expect(view.phase).toBe('logged-in');
    expect(view.user).toMatchObject({ name: 'Kari Nordmann', cardId: 'c1' });
    expect(view.apis).toEqual([
      { name: 'person', displayName: 'person', audience: 'a', scopes: ['s'], state: 'valid', lastCall },
    ]);
    expect(view.units).toEqual([{ number: '912345679', name: 'Sentrum' }]);
  });

  it('locked_showsWhoMustComeBack_andNothingOfTheSession', () => {
    const view = buildView(
      state({
        user,
        ownerCardId: 'c1',
        lock: { owner, unlocking: false },
        cards: { readers: [{ id: 'r1', label: 'Reader 1' }], cards: [] },
      }),
    );
    expect(view).toMatchObject({
      phase: 'locked',
      apis: [],
      units: [],
      unlock: { holderName: 'Kari Nordmann', cardPresent: false, verifying: false },
    });
    expect(view.user).toBeUndefined();
    expect(view.unlock?.pinRequest).toBeUndefined();
  });

  it('unlocking_showsThePinDialog_thenVerifyingOnceThePinIsSent', () => {
    const pinError = { code: 'card-pin-incorrect', retriable: true };
    const asking = buildView(
      state({ user, lock: { owner, unlocking: true, pinError }, pinRequest: { requestId: 'p1', cardId: 'c1' } }),
    );
    expect(asking.unlock).toEqual({
      holderName: 'Kari Nordmann',
      cardPresent: true,
      verifying: false,
      pinRequest: { requestId: 'p1', cardId: 'c1', holderName: 'Kari Nordmann', pin: 'ok', lastError: pinError },
    });
    const verifying = buildView(state({ user, lock: { owner, unlocking: true } }));
    expect(verifying.unlock).toEqual({ holderName: 'Kari Nordmann', cardPresent: true, verifying: true });
  });
});
