// Card behaviour SoftHSM cannot show, scripted through the fake behind the real interface.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFakeCardService, FAKE_MODULE } from '../../fakes/fake-card-service.ts';
import type { CardEvent } from '../../../src/shared/card-types.ts';
import { isAppError } from '../../../src/shared/errors/app-error.ts';
import { CARD_ERROR_TEXTS } from '../../../src/shared/errors/card-errors.ts';

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a card error');
}

function setup(options?: { operationTimeoutMs?: number }) {
  const cards = createFakeCardService(options);
  const events: CardEvent[] = [];
  cards.onChange((_s, e) => events.push(e));
  cards.addReader({ id: 'reader-1', label: 'Reader 1' });
  const cardId = cards.insertCard('reader-1', { correctPin: '1234', holderName: 'Kari Nordmann' });
  return { cards, cardId, events };
}

describe('card service behaviour (scripted fake)', () => {
  it('login_withCardRemovedDuringLogin_reportsCardRemoved', async () => {
    const { cards, cardId, events } = setup();
    cards.removeCardDuring(cardId, 'login');
    const error = await errorOf(
      cards.createWebEidAuthToken(cardId, Buffer.from('1234'), { challenge: 'c', origin: 'https://o' }),
    );
    expect(error).toMatchObject({ code: 'card-removed', retriable: true });
    expect(events).toContainEqual({ type: 'card-removed', readerId: 'reader-1', cardId });
  });

  it('sign_withCardRemovedDuringSigning_reportsCardRemoved', async () => {
    const { cards, cardId } = setup();
    cards.removeCardDuring(cardId, 'sign');
    expect((await errorOf(cards.signLocalChallenge(cardId, Buffer.from('1234'), Buffer.from('x')))).code).toBe(
      'card-removed',
    );
    expect(cards.snapshot().cards).toEqual([]);
  });

  it('sign_withWrongPin_reportsTriesLeftThenFinalTryThenLocked', async () => {
    const { cards, cardId } = setup();
    const attempt = () => errorOf(cards.signLocalChallenge(cardId, Buffer.from('9999'), Buffer.from('x')));
    expect(await attempt()).toMatchObject({ code: 'card-pin-incorrect-tries-left', detail: { triesLeft: 2 } });
    expect(await attempt()).toMatchObject({ code: 'card-pin-incorrect-final-try', retriable: true });
    expect(cards.snapshot().cards[0]?.pin).toBe('final-try');
    expect(await attempt()).toMatchObject({ code: 'card-pin-locked', retriable: false });
    expect(cards.snapshot().cards[0]?.pin).toBe('locked');
  });

  it('sign_withLockedPin_refusesEvenTheRightPin', async () => {
    const { cards } = setup();
    const locked = cards.insertCard('reader-1', { correctPin: '1234', triesLeft: 0 });
    expect((await errorOf(cards.signLocalChallenge(locked, Buffer.from('1234'), Buffer.from('x')))).code).toBe(
      'card-pin-locked',
    );
  });

  it('sign_withPinPadReader_reportsUnsupported', async () => {
    const { cards } = setup();
    cards.addReader({ id: 'pinpad', pinPad: true });
    const card = cards.insertCard('pinpad', { correctPin: '1234' });
    expect(cards.snapshot().cards.find((c) => c.id === card)?.pin).toBe('pin-pad-unsupported');
    expect((await errorOf(cards.signLocalChallenge(card, Buffer.from('1234'), Buffer.from('x')))).code).toBe(
      'card-pin-pad-unsupported',
    );
  });

  it('reader_whenUnplugged_reportsCardRemovedBeforeReaderRemoved', () => {
    const { cards, cardId, events } = setup();
    events.length = 0;
    cards.removeReader('reader-1');
    expect(events).toEqual([
      { type: 'card-removed', readerId: 'reader-1', cardId },
      { type: 'reader-removed', readerId: 'reader-1' },
    ]);
    expect(cards.snapshot().readers).toEqual([]);
  });

  it('twoReaders_withACardEach_signWithTheRightCard', async () => {
    const { cards, cardId } = setup();
    cards.addReader({ id: 'reader-2' });
    const other = cards.insertCard('reader-2', { correctPin: '5555', holderName: 'Ola Hansen' });
    expect(cards.snapshot().cards.map((c) => c.readerId)).toEqual(['reader-1', 'reader-2']);
    expect((await errorOf(cards.signLocalChallenge(other, Buffer.from('1234'), Buffer.from('x')))).code).toBe(
      'card-pin-incorrect-tries-left',
    );
    await expect(cards.signLocalChallenge(cardId, Buffer.from('1234'), Buffer.from('x'))).resolves.toMatchObject({
      algorithm: 'RS256',
    });
  });

  it('module_whenHung_timesOutWithClearError_andOtherModuleStillAnswers', async () => {
    const { cards, cardId } = setup({ operationTimeoutMs: 50 });
    cards.addModule('/usr/lib/libiidp11.so');
    cards.addReader({ id: 'netid-1', module: '/usr/lib/libiidp11.so' });
    const healthy = cards.insertCard('netid-1', { correctPin: '1111' });
    cards.hangModule(FAKE_MODULE);
    const error = await errorOf(cards.signLocalChallenge(cardId, Buffer.from('1234'), Buffer.from('x')));
    expect(error).toMatchObject({ code: 'card-module-timeout', detail: { module: FAKE_MODULE, timeoutMs: 50 } });
    // the service replaces a hung module itself: the text says so and never asks for an app restart
    expect(CARD_ERROR_TEXTS['card-module-timeout'].en.what).toMatch(/did not answer in time\. It has been restarted/);
    expect(CARD_ERROR_TEXTS['card-module-timeout'].nb.todo).not.toMatch(/start programmet på nytt/);
    expect(CARD_ERROR_TEXTS['card-module-timeout'].en.todo).not.toMatch(/restart the app/);
    expect(cards.snapshot().modules.find((m) => m.path === FAKE_MODULE)).toMatchObject({ status: 'failed' });
    await expect(cards.signLocalChallenge(healthy, Buffer.from('1111'), Buffer.from('x'))).resolves.toMatchObject({
      algorithm: 'RS256',
    });
  });

  it('webEidToken_fromFake_verifiesAndZeroesPin', async () => {
    const { cards, cardId } = setup();
    const pin = Buffer.from('1234');
    const challenge = { challenge: 'abc', origin: 'https://helseid.test' };
    const token = await cards.createWebEidAuthToken(cardId, pin, challenge);
    const h = (s: string) => createHash('sha256').update(s).digest();
    const cert = new X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64'));
    expect(
      verify(
        'sha256',
        Buffer.concat([h(challenge.origin), h(challenge.challenge)]),
        cert.publicKey,
        Buffer.from(token.signature, 'base64'),
      ),
    ).toBe(true);
    expect(pin.every((b) => b === 0)).toBe(true);
  });
});
