// CardLogin on its own, with a recording host instead of the controller and a scripted session:
// which logins it refuses, what the card authenticator does with the PIN, what it hands the
// controller when the login succeeds, and how a cancel or a removed card ends the login.
// app-controller.test.ts covers the same rules through the AppController, as the window sees them.
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { CardLogin } from '../../../src/main/controller/card-login.ts';
import { certificateFingerprint } from '../../../src/main/controller/local-challenge.ts';
import { PinBroker } from '../../../src/main/controller/pin-broker.ts';
import type { CardInfoPort, LoginOptionsPort, SessionPort } from '../../../src/main/controller/ports.ts';

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
const certificateDer = Buffer.from('the certificate of Kari Nordmann');
const webEidToken = { format: 'web-eid:1.0', unverifiedCertificate: certificateDer.toString('base64') };

type SessionLogin = (options: LoginOptionsPort, authenticate: () => Promise<unknown>) => Promise<unknown>;

/** The session as the real one behaves: progress, then the card challenge, then tokens. */
const cardChallengeLogin: SessionLogin = async (options, authenticate) => {
  options.onProgress?.('waiting-for-card');
  await authenticate();
  options.onProgress?.('redeeming-code');
  return user;
};

function setup(
  options: {
    cards?: CardInfoPort[];
    locked?: boolean;
    sign?: (pin: Buffer) => Promise<unknown>;
    sessionLogin?: SessionLogin;
  } = {},
) {
  const cards = options.cards ?? [card];
  const host = {
    emit: vi.fn(),
    fail: vi.fn(),
    clearError: vi.fn(),
    isSessionLocked: vi.fn(() => options.locked ?? false),
    loggedIn: vi.fn(),
    log: vi.fn(),
  };
  const pins = new PinBroker();
  const sessionLogin = options.sessionLogin ?? cardChallengeLogin;
  const session = {
    login: vi.fn((o: LoginOptionsPort) =>
      sessionLogin(o, () => cardLogin.authenticateWithCard({ challenge: 'abc', origin: 'http://127.0.0.1:1' })),
    ),
    personId: () => '13827099842',
  } as unknown as SessionPort;
  const signWithCard = vi.fn(async (_cardId: string, pin: Buffer) => (options.sign ? options.sign(pin) : webEidToken));
  const cardLogin = new CardLogin({
    cards: { snapshot: () => ({ readers: [], cards }), onChange: () => () => {} },
    session,
    pins,
    signWithCard,
    pinRetryCodes: ['card-pin-incorrect'],
    host,
  });
  const signal = () => vi.mocked(session.login).mock.calls[0]![0].signal!;
  const waitForPinRequest = () => vi.waitFor(() => expect(pins.open).toBeDefined()).then(() => pins.open!);
  const waitForEnd = () => vi.waitFor(() => expect(cardLogin.loginForView()).toBeUndefined());
  return { cardLogin, host, pins, session, signWithCard, signal, waitForPinRequest, waitForEnd };
}

describe('CardLogin', () => {
  it('login_asksForTheCardsPin_signs_andHandsTheSessionToItsOwner', async () => {
    const { cardLogin, host, pins, signWithCard, waitForPinRequest, waitForEnd } = setup();
    await cardLogin.login('c1');
    expect(host.clearError).toHaveBeenCalledOnce();
    const request = await waitForPinRequest();
    expect(request.cardId).toBe('c1');
    expect(cardLogin.loginForView()?.step).toBe('pin'); // the PIN dialog is the step the person is on;
    pins.submit(request.requestId, '1234');
    await waitForEnd();
    expect(signWithCard).toHaveBeenCalledWith('c1', expect.any(Buffer), {
      challenge: 'abc',
      origin: 'http://127.0.0.1:1',
    });
    // the certificate that signed is what a locked session will later accept, and nothing else
    expect(host.loggedIn).toHaveBeenCalledExactlyOnceWith({
      cardId: 'c1',
      holderName: 'Kari Nordmann',
      certificate: certificateFingerprint(certificateDer),
      personId: '13827099842',
    });
    expect(host.fail).not.toHaveBeenCalled();
  });

  it('tokenWithoutACertificate_theOwnerHasNone', async () => {
    const { cardLogin, host, pins, waitForPinRequest, waitForEnd } = setup({
      sign: async () => ({ format: 'web-eid:1.0' }),
    });
    await cardLogin.login('c1');
    pins.submit((await waitForPinRequest()).requestId, '1234');
    await waitForEnd();
    expect(host.loggedIn.mock.calls[0]![0]).not.toHaveProperty('certificate');
  });

  it.each([
    ['a locked session', { locked: true }, 'c1', 'session-locked'],
    ['a card that is not there', {}, 'c2', 'no-card-selected'],
    ['an expired card', { cards: [{ ...card, state: 'expired' as const }] }, 'c1', 'card-not-usable'],
    [
      'a card of an unknown issuer',
      { cards: [{ ...card, issuerFamily: 'unknown' as const }] },
      'c1',
      'card-not-usable',
    ],
  ])('login_refuses_%s', async (_name, options, cardId, code) => {
    const { cardLogin, session, host } = setup(options);
    await expect(cardLogin.login(cardId)).rejects.toMatchObject({ code });
    expect(session.login).not.toHaveBeenCalled();
    expect(cardLogin.loginForView()).toBeUndefined();
    expect(host.emit).not.toHaveBeenCalled();
  });

  it('login_whileOneIsRunning_isRefused', async () => {
    const { cardLogin, session, waitForPinRequest } = setup();
    await cardLogin.login('c1');
    await waitForPinRequest();
    await expect(cardLogin.login('c1')).rejects.toMatchObject({ code: 'login-in-progress' });
    expect(session.login).toHaveBeenCalledOnce();
  });

  it('wrongPin_asksAgain_withTheReason', async () => {
    const sign = async (pin: Buffer) => {
      if (pin.toString() !== '1234')
        throw new AppError('card-pin-incorrect', { retriable: true, detail: { triesLeft: 2 } });
      return webEidToken;
    };
    const { cardLogin, host, pins, waitForPinRequest, waitForEnd } = setup({ sign });
    await cardLogin.login('c1');
    const first = await waitForPinRequest();
    pins.submit(first.requestId, '9999');
    await vi.waitFor(() => expect(cardLogin.loginForView()?.pinError?.code).toBe('card-pin-incorrect'));
    const second = pins.open!;
    expect(second.requestId).not.toBe(first.requestId);
    pins.submit(second.requestId, '1234');
    await waitForEnd();
    expect(host.loggedIn).toHaveBeenCalledOnce();
  });

  it('cardLeavesMidLogin_abortsTheLogin_andShowsCardRemovedOnce', async () => {
    const { cardLogin, host, pins, signal, waitForPinRequest, waitForEnd } = setup();
    await cardLogin.login('c1');
    await waitForPinRequest();
    cardLogin.onCardsChanged(new Set(['another card']));
    expect(signal().aborted).toBe(true);
    expect(pins.open).toBeUndefined();
    expect(host.fail).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ code: 'card-removed' }));
    await waitForEnd();
    // the session's rejection with the same reason is not shown a second time
    expect(host.fail).toHaveBeenCalledOnce();
    expect(host.loggedIn).not.toHaveBeenCalled();
  });

  it('anotherCardLeaves_theLoginGoesOn', async () => {
    const { cardLogin, host, pins, signal, waitForPinRequest } = setup();
    await cardLogin.login('c1');
    await waitForPinRequest();
    cardLogin.onCardsChanged(new Set(['c1']));
    expect(signal().aborted).toBe(false);
    expect(pins.open).toBeDefined();
    expect(host.fail).not.toHaveBeenCalled();
  });

  it('cancel_whileTheBrowserIsOpen_endsTheLogin_withoutAnError', async () => {
    // the session waits for the callback and, when aborted, rejects with the abort's reason
    const waitForCallback: SessionLogin = (options) =>
      new Promise((_resolve, reject) =>
        options.signal!.addEventListener('abort', () => reject(options.signal!.reason as Error)),
      );
    const { cardLogin, host, signal, waitForEnd } = setup({ sessionLogin: waitForCallback });
    await cardLogin.login('c1');
    cardLogin.cancel();
    expect(signal().reason).toMatchObject({ code: 'login-cancelled' });
    await waitForEnd();
    expect(host.fail).not.toHaveBeenCalled();
    expect(host.loggedIn).not.toHaveBeenCalled();
  });

  it('cancel_whileAskingForThePin_closesTheDialog_withoutAnError', async () => {
    const { cardLogin, host, pins, signal, signWithCard, waitForPinRequest, waitForEnd } = setup();
    await cardLogin.login('c1');
    await waitForPinRequest();
    cardLogin.cancel();
    expect(signal().aborted).toBe(true);
    expect(pins.open).toBeUndefined();
    await waitForEnd();
    expect(signWithCard).not.toHaveBeenCalled();
    expect(host.fail).not.toHaveBeenCalled();
  });

  it('cancel_butTheSessionFailsForAnotherReason_showsThatError', async () => {
    // only the cancel itself goes unreported; a real failure that raced it still reaches the window
    const authorityError = new AppError('authority-error', { retriable: true });
    const failsOnAbort: SessionLogin = (options) =>
      new Promise((_resolve, reject) => options.signal!.addEventListener('abort', () => reject(authorityError)));
    const { cardLogin, host, waitForEnd } = setup({ sessionLogin: failsOnAbort });
    await cardLogin.login('c1');
    cardLogin.cancel();
    await waitForEnd();
    expect(host.fail).toHaveBeenCalledExactlyOnceWith(authorityError);
  });

  it('sessionFails_showsTheError_andTheLoginEnds', async () => {
    const unreachable = new AppError('authority-unreachable', { retriable: true });
    const { cardLogin, host, waitForEnd } = setup({ sessionLogin: async () => Promise.reject(unreachable) });
    await cardLogin.login('c1');
    await waitForEnd();
    expect(host.fail).toHaveBeenCalledExactlyOnceWith(unreachable);
    // the next login may start
    await expect(cardLogin.login('c1')).resolves.toBeUndefined();
  });

  it('cardChallenge_withoutALogin_isRefusedAsCancelled', async () => {
    const { cardLogin, signWithCard } = setup();
    await expect(
      cardLogin.authenticateWithCard({ challenge: 'abc', origin: 'http://127.0.0.1:1' }),
    ).rejects.toMatchObject({ code: 'login-cancelled' });
    expect(signWithCard).not.toHaveBeenCalled();
  });
});
