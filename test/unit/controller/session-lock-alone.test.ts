// SessionLock on its own, with a recording host instead of the controller: when it locks and when it
// ends the session instead, what unlocking checks, and what it asks of the controller.
// session-lock.test.ts covers the same rules through the AppController, as the window sees them.
import { describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../../src/shared/errors/app-error.ts';
import { certificateFingerprint } from '../../../src/main/controller/local-challenge.ts';
import { PinBroker } from '../../../src/main/controller/pin-broker.ts';
import type { CardInfoPort, SessionPort } from '../../../src/main/controller/ports.ts';
import { SessionLock } from '../../../src/main/controller/session-lock.ts';
import type { Owner, SessionLockOptions } from '../../../src/main/controller/session-lock.ts';
import { FakeCardService } from '../../fakes/fake-card-service.ts';

const user = {
  name: 'Kari Nordmann',
  givenName: 'Kari',
  familyName: 'Nordmann',
  securityLevel: '4',
  pidMasked: '138270*****',
};

async function setup(
  options: Partial<Pick<SessionLockOptions, 'cardRemoval' | 'signLocalChallenge'>> & { withCertificate?: boolean } = {},
) {
  const fake = new FakeCardService();
  fake.addReader({ id: 'r1' });
  const cardId = fake.insertCard('r1', { tokenLabel: 'Kari', holderName: 'Kari Nordmann', correctPin: '1234' });
  const signLocalChallenge = (id: string, pin: Buffer, data: Uint8Array) => fake.signLocalChallenge(id, pin, data);
  const { certificateDer } = await signLocalChallenge(cardId, Buffer.from('1234'), new Uint8Array(32));
  const card = { id: cardId } as CardInfoPort;
  let cards: CardInfoPort[] = [card];
  let loggedIn = true;
  let personId = '13827099842';
  const session = {
    user: () => (loggedIn ? user : undefined),
    personId: () => personId,
    endSessionForCardRemoval: vi.fn(async () => void (loggedIn = false)),
  } as unknown as SessionPort;
  const host = {
    emit: vi.fn(),
    fail: vi.fn(),
    clearError: vi.fn(),
    forgetApiAnswers: vi.fn(),
    sessionLocked: vi.fn(),
    bringToFront: vi.fn(),
    sessionEnded: vi.fn(),
    log: vi.fn(),
    now: () => Date.now(),
  };
  const pins = new PinBroker();
  const lock = new SessionLock({
    cards: { snapshot: () => ({ readers: [], cards }), onChange: () => () => {} },
    session,
    pins,
    signLocalChallenge: 'signLocalChallenge' in options ? options.signLocalChallenge : signLocalChallenge,
    cardRemoval: options.cardRemoval ?? 'lock',
    pinRetryCodes: ['card-pin-incorrect-tries-left'],
    host,
  });
  const owner: Owner = {
    cardId,
    holderName: 'Kari Nordmann',
    personId,
    ...(options.withCertificate === false ? {} : { certificate: certificateFingerprint(certificateDer) }),
  };
  lock.setOwner(owner);
  const setCards = (present: boolean) => {
    cards = present ? [card] : [];
    lock.onCardsChanged(new Set(cards.map((c) => c.id)));
  };
  const endSession = () => void (loggedIn = false);
  const otherPerson = () => void (personId = '01017012345');
  return { lock, host, pins, session, cardId, setCards, endSession, otherPerson };
}

describe('SessionLock', () => {
  it('ownerCardRemoved_withLock_locks_andForgetsApiAnswersOnce', async () => {
    const { lock, host, session, setCards } = await setup();
    setCards(false);
    expect(lock.isLocked).toBe(true);
    expect(lock.lockForView()).toMatchObject({ owner: { holderName: 'Kari Nordmann' }, unlocking: false });
    expect(session.endSessionForCardRemoval).not.toHaveBeenCalled();
    expect(host.forgetApiAnswers).toHaveBeenCalledOnce();
    // what the session opened elsewhere (a patient in Kjernejournal) is ended at the lock, once
    expect(host.sessionLocked).toHaveBeenCalledOnce();
    expect(lock.lock()).toBe(true); // already locked: nothing more happens
    expect(host.forgetApiAnswers).toHaveBeenCalledOnce();
    expect(host.sessionLocked).toHaveBeenCalledOnce();
  });

  it.each([
    ['card_removal logout', { cardRemoval: 'logout' as const }],
    ['no known certificate', { withCertificate: false }],
    ['no local signer', { signLocalChallenge: undefined }],
  ])('ownerCardRemoved_with_%s_endsTheSession', async (_name, options) => {
    const { lock, host, session, setCards } = await setup(options);
    setCards(false);
    expect(lock.isLocked).toBe(false);
    expect(lock.owner).toBeUndefined();
    expect(session.endSessionForCardRemoval).toHaveBeenCalledOnce();
    expect(host.forgetApiAnswers).toHaveBeenCalledOnce();
  });

  it('sessionEndedWhileLocked_theViewShowsNoLock', async () => {
    const { lock, setCards, endSession } = await setup();
    setCards(false);
    endSession();
    expect(lock.lockForView()).toBeUndefined();
    expect(lock.isLocked).toBe(false);
  });

  it('unlock_refusesWhenNotLocked_orTheCardIsAway', async () => {
    const { lock, setCards } = await setup();
    await expect(lock.unlock()).rejects.toMatchObject({ code: 'not-logged-in' });
    setCards(false);
    await expect(lock.unlock()).rejects.toMatchObject({ code: 'unlock-card-missing' });
  });

  it('cardBack_asksForThePin_rightPin_unlocks', async () => {
    const { lock, host, pins, setCards } = await setup();
    setCards(false);
    setCards(true);
    expect(host.clearError).toHaveBeenCalled();
    expect(pins.open).toBeDefined();
    expect(lock.lockForView()?.unlocking).toBe(true);
    pins.submit(pins.open!.requestId, '1234');
    await vi.waitFor(() => expect(lock.isLocked).toBe(false));
    expect(host.bringToFront).toHaveBeenCalledOnce();
    expect(host.fail).not.toHaveBeenCalled();
  });

  it('cardAwayAgain_whileAskingForThePin_closesTheDialog_withoutAnError', async () => {
    const { lock, host, pins, setCards } = await setup();
    setCards(false);
    setCards(true);
    setCards(false);
    expect(pins.open).toBeUndefined();
    await vi.waitFor(() => expect(lock.lockForView()?.unlocking).toBe(false));
    expect(lock.isLocked).toBe(true);
    expect(host.fail).not.toHaveBeenCalled();
  });

  it('sameCard_butTheSessionNowHoldsAnotherPerson_staysLocked', async () => {
    const { lock, host, pins, setCards, otherPerson } = await setup();
    setCards(false);
    otherPerson();
    setCards(true);
    pins.submit(pins.open!.requestId, '1234');
    await vi.waitFor(() => expect(host.fail).toHaveBeenCalledOnce());
    const error = host.fail.mock.calls[0]![0] as AppError;
    expect(error).toMatchObject({ code: 'unlock-refused', detail: { reason: 'other-person' } });
    expect(lock.isLocked).toBe(true);
    expect(host.bringToFront).not.toHaveBeenCalled();
  });

  it('forget_dropsOwnerAndLock', async () => {
    const { lock, setCards } = await setup();
    setCards(false);
    lock.forget();
    expect(lock.isLocked).toBe(false);
    expect(lock.owner).toBeUndefined();
    expect(lock.lock()).toBe(false);
  });
});
