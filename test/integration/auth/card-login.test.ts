// Smart-card login against the embedded authority: PAR with the card issuer's acr_values, the
// browser waiting on the emulated Buypass page, the app signing the challenge on the back channel
// (a SoftHSM virtual card plays the card), then the loopback callback as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import {
  cardLoginBrowser,
  cardSigner,
  recordingFetch,
  startCardEnvironment,
  type AuthEnvironment,
} from './support/auth-harness.ts';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';

const KARI_CARD = 'Buypass Kari Nordmann';
let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, config, cards } = await startCardEnvironment());
});
afterAll(() => env?.stop());

describe('card login through the back channel', () => {
  it('buypassCardLogin_signsChallengeAndCompletesLogin', async () => {
    const wire = recordingFetch();
    const signer = cardSigner(env.info, cards, KARI_CARD);
    const steps: string[] = [];
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: cardLoginBrowser().openExternal,
      cardAuthenticator: signer.authenticator,
    });
    const user = await helseId.login({ cardIssuer: 'buypass', onProgress: (s) => steps.push(s) });
    expect(user).toMatchObject({ givenName: 'Kari', securityLevel: '4', idp: 'buypass-oidc' });
    expect(signer.seen).toHaveLength(1);
    expect(signer.seen[0]!.origin).toBe(env.info.authority);
    expect(steps).toEqual(expect.arrayContaining(['waiting-for-card', 'card-signing', 'waiting-for-callback', 'done']));
    const par = wire.records.find((r) => r.url.pathname.endsWith('/par') && r.status === 201)!;
    expect(par.body!.get('acr_values')).toBe('idp:buypass-oidc bp:amr:sc');
    expect(par.body!.has('test_pid')).toBe(false);
  });

  it('forgedCardSignature_failsLoginWithCardAuthenticationFailed', async () => {
    const helseId = createHelseIdClient({
      config,
      openExternal: cardLoginBrowser().openExternal,
      cardAuthenticator: cardSigner(env.info, cards, KARI_CARD, true).authenticator,
    });
    await expect(helseId.login({ cardIssuer: 'buypass' })).rejects.toMatchObject({
      code: 'card-authentication-failed',
      detail: { error: 'invalid_token' },
    });
    expect(helseId.user()).toBeUndefined();
  });

  it('cardBackChannel503_isReportedAsAuthorityUnavailable_notAsRefusedSignature', async () => {
    env.faults.set({ endpoints: { card: { status: 503 } } });
    try {
      const helseId = createHelseIdClient({
        config,
        openExternal: cardLoginBrowser().openExternal,
        cardAuthenticator: cardSigner(env.info, cards, KARI_CARD).authenticator,
      });
      await expect(helseId.login({ cardIssuer: 'buypass' })).rejects.toMatchObject({
        code: 'authority-unreachable',
        detail: { operation: 'card', status: 503 },
      });
    } finally {
      env.faults.reset();
    }
  });

  it('cardBackChannelStalls_failsThatRequestAtItsOwnTimeout_asAuthorityUnavailable', async () => {
    env.faults.set({ endpoints: { card: { latencyMs: 5_000 } } });
    try {
      const helseId = createHelseIdClient({
        config,
        openExternal: cardLoginBrowser().openExternal,
        cardAuthenticator: cardSigner(env.info, cards, KARI_CARD).authenticator,
        cardRequestTimeoutMs: 300,
      });
      await expect(helseId.login({ cardIssuer: 'buypass' })).rejects.toMatchObject({
        code: 'authority-unreachable',
        detail: { operation: 'card' },
      });
    } finally {
      env.faults.reset();
    }
  });

  it('cancelWhileWaitingForPin_endsLoginAsCancelled', async () => {
    const controller = new AbortController();
    const helseId = createHelseIdClient({
      config,
      openExternal: cardLoginBrowser().openExternal,
      cardAuthenticator: () => {
        controller.abort();
        return new Promise(() => {}); // the PIN prompt never answers
      },
    });
    await expect(helseId.login({ cardIssuer: 'buypass', signal: controller.signal })).rejects.toMatchObject({
      code: 'login-cancelled',
    });
  });
});
