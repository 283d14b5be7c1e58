// The person is logged in as soon as the code is redeemed and the ID token checked: the window shows
// them at once, and the other APIs' tokens arrive in the background ("Henter tilgang …" until then).
// The real controller and HelseID client against the embedded authority, a SoftHSM card signing the
// challenge; a gate on our own fetch holds the refreshes so the moment in between can be looked at.
import { describe, expect, it, vi } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { userApis } from '../../../src/main/auth/authorization-request.ts';
import type { CardChallengeRequest } from '../../../src/main/auth/card-back-channel.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { AppController } from '../../../src/main/controller/app-controller.ts';
import type { CardInfoPort } from '../../../src/main/controller/ports.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';
import { cardsOf } from '../../authority/support/card-signer.ts';
import {
  cardLoginBrowser,
  cardSigner,
  useConfiguredEnvironment,
  type AuthEnvironment,
} from './support/auth-harness.ts';

const KARI_CARD = 'Buypass Kari Nordmann';
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

let env: AuthEnvironment;
let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ env, config } = started));

/** Our fetch, holding every refresh-token grant until release(). */
function refreshGate() {
  let open = false;
  const waiting: (() => void)[] = [];
  const held = () => waiting.length;
  const gated: typeof fetch = async (input, init) => {
    const isRefresh = init?.body instanceof URLSearchParams && init.body.get('grant_type') === 'refresh_token';
    if (isRefresh && !open) await new Promise<void>((resolve) => waiting.push(resolve));
    return fetch(input, init);
  };
  return {
    fetch: gated,
    held,
    release: () => {
      open = true;
      waiting.splice(0).forEach((go) => go());
    },
  };
}

async function loggedInController(gate: ReturnType<typeof refreshGate>) {
  const signer = cardSigner(env.info, await cardsOf(env.stateDir), KARI_CARD);
  const controller = new AppController({
    cards: {
      snapshot: () => ({ readers: [{ id: 'r1', label: 'Reader 1' }], cards: [card] }),
      onChange: () => () => {},
    },
    createSession: (cardAuthenticator) =>
      createHelseIdClient({
        config,
        fetch: gate.fetch,
        openExternal: cardLoginBrowser().openExternal,
        cardAuthenticator,
      }),
    signWithCard: (_cardId, _pin, challenge) => signer.authenticator(challenge as CardChallengeRequest),
    authority: config.authority.issuer,
  });
  controller.start();
  const waitFor = async (predicate: (v: AppView) => boolean) => {
    await vi.waitFor(() => expect(predicate(controller.view())).toBe(true), { timeout: 15_000, interval: 20 });
    return controller.view();
  };
  await controller.login('c1');
  const asking = await waitFor((v) => !!v.login?.pinRequest);
  controller.submitPin(asking.login!.pinRequest!.requestId, '1234');
  return { controller, loggedIn: await waitFor((v) => v.phase === 'logged-in'), waitFor };
}

describe('tokens after login arrive in the background', () => {
  it('loggedInView_appearsBeforeTheOtherApisTokens_whichShowFetchingUntilTheyArrive', async () => {
    const gate = refreshGate();
    const { controller, loggedIn, waitFor } = await loggedInController(gate);
    const [first, ...rest] = userApis(config);
    expect(rest.length).toBeGreaterThan(0);
    // logged in while every refresh is still held: the person shows, the first API has its token
    // from the code redemption, the others are on their way
    expect(loggedIn.user).toMatchObject({ name: 'Kari Nordmann', cardId: 'c1' });
    expect(loggedIn.apis.map((a) => [a.name, a.state])).toEqual([
      [first!.name, 'valid'],
      ...rest.map((a) => [a.name, 'fetching']),
    ]);
    // serialized: one refresh at a time (the refresh token rotates), the rest queued behind it
    await vi.waitFor(() => expect(gate.held()).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gate.held()).toBe(1);
    expect(controller.view().apis.filter((a) => a.state === 'fetching')).toHaveLength(rest.length);

    gate.release();
    const done = await waitFor((v) => v.apis.every((a) => a.state === 'valid'));
    expect(done.apis.map((a) => a.name)).toEqual(userApis(config).map((a) => a.name));
    await controller.logout();
  });

  it('apiTokenFailingInTheBackground_saysSo_andIsFetchedAgainWhenTheApiIsCalled', async () => {
    const gate = refreshGate();
    const { controller, waitFor } = await loggedInController(gate);
    const [, failing, ...others] = userApis(config);
    // the authority refuses the next token request only: the first background refresh
    env.faults.set({ endpoints: { token: { status: 400, times: 1 } } });
    gate.release();
    const settled = await waitFor((v) => v.apis.every((a) => a.state === 'valid' || a.state === 'error'));
    expect(settled.phase).toBe('logged-in'); // one API refusing does not end the login
    expect(settled.apis.find((a) => a.name === failing!.name)).toMatchObject({ state: 'error' });
    expect(settled.apis.find((a) => a.name === failing!.name)).not.toHaveProperty('expiresAt');
    for (const api of others) expect(settled.apis.find((a) => a.name === api.name)).toMatchObject({ state: 'valid' });

    const called = await controller.callApi(failing!.name);
    expect(called).toMatchObject({ state: 'valid', lastCall: { status: 200 } });
    await controller.logout();
  });
});
