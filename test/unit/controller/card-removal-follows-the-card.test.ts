// Card removal follows the card the session was proven with, not the button pressed or the person's
// name (issue 20): the real controller on the scripted fake card service, several cards in several
// readers. Decided: only the proven card's leaving ends the session — the same person's other card,
// a colleague's card, a reader without the proven card change nothing; a card swapped faster than
// the reader is looked at is another card; the same card put back does not bring an ended session
// back (with card_removal 'lock', the same card and its PIN unlock: session-lock.test.ts); a reader
// unplugged takes its card with it.
import { describe, expect, it, vi } from 'vitest';
import { AppController } from '../../../src/main/controller/app-controller.ts';
import type { LoginOptionsPort, SessionPort } from '../../../src/main/controller/ports.ts';
import { CARD_PIN_RETRY_CODES } from '../../../src/shared/errors/card-errors.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';
import { FakeCardService, type FakeCardSpec } from '../../fakes/fake-card-service.ts';

const KARI: FakeCardSpec = {
  tokenLabel: 'Kari Buypass',
  holderName: 'Kari Nordmann',
  givenName: 'Kari',
  familyName: 'Nordmann',
  serialNumber: 'UN:NO-9578-4050-1000001',
  correctPin: '1234',
};
const KARI_COMMFIDES: FakeCardSpec = {
  ...KARI,
  tokenLabel: 'Kari Commfides',
  issuerFamily: 'commfides',
  serialNumber: 'UN:NO-9578-4510-3000001',
};
const OLA: FakeCardSpec = {
  tokenLabel: 'Ola Commfides',
  holderName: 'Ola Johan Hansen',
  givenName: 'Ola Johan',
  familyName: 'Hansen',
  serialNumber: 'UN:NO-9578-4510-2000002',
  issuerFamily: 'commfides',
  correctPin: '2345',
};

/** A session port that logs in whoever's card it is asked for, and records what it was asked. */
function fakeSession() {
  let user:
    { name: string; givenName: string; familyName: string; securityLevel: string; pidMasked: string } | undefined;
  const asked: LoginOptionsPort[] = [];
  const session: SessionPort & { expire(): void } = {
    login: async (options) => {
      asked.push(options);
      const card = options.card!;
      user = {
        name: card.commonName,
        givenName: card.givenName ?? '',
        familyName: card.familyName ?? '',
        securityLevel: '4',
        pidMasked: '000000*****',
      };
      return user;
    },
    user: () => user,
    apis: () => [],
    callApi: async () => ({
      status: 200,
      body: {},
      token: { name: 'person', audience: 'a', scopes: [], state: 'valid' },
    }),
    logout: async () => void (user = undefined),
    endSessionForCardRemoval: vi.fn(async () => void (user = undefined)),
    expire: () => void (user = undefined),
  };
  return { session, asked };
}

async function setup() {
  const fake = new FakeCardService({ operationDelayMs: 1 });
  const { session, asked } = fakeSession();
  fake.addReader({ id: 'r1', label: 'Reader 1' });
  fake.addReader({ id: 'r2', label: 'Reader 2' });
  const controller = new AppController({
    cards: fake,
    createSession: () => session,
    signWithCard: (id, pin, challenge) => fake.createWebEidAuthToken(id, pin, challenge),
    authority: 'http://127.0.0.1:1',
    cardRemoval: 'logout',
    pinRetryCodes: CARD_PIN_RETRY_CODES,
  });
  await fake.start();
  controller.start();
  const waitFor = async (predicate: (v: AppView) => boolean) => {
    await vi.waitFor(() => expect(predicate(controller.view())).toBe(true));
    return controller.view();
  };
  const logIn = async (cardId: string) => {
    await controller.login(cardId);
    await waitFor((v) => v.phase === 'logged-in');
  };
  const ended = () => (session.endSessionForCardRemoval as ReturnType<typeof vi.fn>).mock.calls.length;
  return { fake, session, asked, controller, waitFor, logIn, ended };
}

describe('card removal follows the card the session was proven with', () => {
  it('twoCardsInTwoReaders_theOtherCardPulled_nothingHappens_theSessionsCardPulled_theSessionEnds', async () => {
    const { fake, controller, logIn, ended } = await setup();
    const ola = fake.insertCard('r1', OLA);
    const kari = fake.insertCard('r2', KARI);
    await logIn(kari);
    fake.removeCard(ola);
    expect(controller.view().phase).toBe('logged-in');
    expect(ended()).toBe(0);
    fake.removeCard(kari);
    expect(controller.view().user).toBeUndefined();
    expect(ended()).toBe(1);
    expect(controller.view().notice).toMatchObject({ code: 'session-ended-card-removed' });
  });

  it('theLoginAsksForTheChosenCardsHolder_notTheOtherCards', async () => {
    const { fake, asked, logIn } = await setup();
    fake.insertCard('r1', OLA);
    const kari = fake.insertCard('r2', KARI);
    await logIn(kari);
    expect(asked.at(-1)).toMatchObject({
      cardIssuer: 'buypass',
      card: { issuer: 'buypass', commonName: 'Kari Nordmann', givenName: 'Kari', serialNumber: KARI.serialNumber },
    });
  });

  it('theSamePersonsTwoCards_theSecondStays_pullingTheProvenCard_endsTheSession', async () => {
    const { fake, controller, logIn, ended } = await setup();
    const buypass = fake.insertCard('r1', KARI);
    fake.insertCard('r2', KARI_COMMFIDES);
    await logIn(buypass);
    fake.removeCard(buypass);
    // the second card proves nothing about who sits at the keyboard: it was never asked in this session
    expect(controller.view().user).toBeUndefined();
    expect(ended()).toBe(1);
  });

  it('theSamePersonsTwoCards_theOtherPulled_theSessionStays', async () => {
    const { fake, controller, logIn, ended } = await setup();
    const buypass = fake.insertCard('r1', KARI);
    const commfides = fake.insertCard('r2', KARI_COMMFIDES);
    await logIn(buypass);
    fake.removeCard(commfides);
    expect(controller.view().phase).toBe('logged-in');
    expect(ended()).toBe(0);
  });

  it('cardSwappedFasterThanTheReaderIsLookedAt_theSessionEnds', async () => {
    const { fake, controller, logIn, ended } = await setup();
    const kari = fake.insertCard('r1', KARI);
    await logIn(kari);
    fake.swapCard('r1', OLA); // one change seen: Kari's card → Ola's, never an empty reader
    expect(controller.view().user).toBeUndefined();
    expect(ended()).toBe(1);
  });

  it('theSameCardPutBack_afterItsRemovalEndedTheSession_doesNotBringTheSessionBack', async () => {
    const { fake, controller, logIn, ended } = await setup();
    const kari = fake.insertCard('r1', { ...KARI, id: 'fake:kari' });
    await logIn(kari);
    fake.removeCard(kari);
    fake.insertCard('r1', { ...KARI, id: 'fake:kari' });
    expect(controller.view().user).toBeUndefined();
    expect(controller.view().phase).toBe('card-present');
    expect(ended()).toBe(1);
  });

  it('aReaderUnplugged_withTheSessionsCard_endsTheSession_withAnotherCard_nothingHappens', async () => {
    const { fake, controller, logIn, ended } = await setup();
    fake.insertCard('r1', OLA);
    const kari = fake.insertCard('r2', KARI);
    await logIn(kari);
    fake.removeReader('r1');
    expect(controller.view().phase).toBe('logged-in');
    fake.removeReader('r2');
    expect(controller.view().user).toBeUndefined();
    expect(ended()).toBe(1);
  });

  it('aSessionThatExpiredBefore_itsCardPulled_saysNothingAboutACardRemoval', async () => {
    const { fake, session, controller, logIn, ended } = await setup();
    const ola = fake.insertCard('r1', OLA);
    await logIn(ola);
    session.expire(); // "Økten er utløpt"
    fake.removeCard(ola);
    expect(controller.view().notice).toBeUndefined();
    expect(ended()).toBe(0);
  });
});
