// Issue 13, item 8: a 5xx at the authorization endpoint. The browser then shows HelseID's error page
// and nothing ever reaches the loopback listener (nor, for a card, the back channel). The app
// notices by probing the authorization endpoint WITHOUT parameters (authorize-probe.ts explains why
// never with the request_uri) and says "HelseID is not responding" instead of waiting for the login
// timeout or blaming the card. Timings are shortened through the client's deps; nothing here
// measures time: a login that keeps waiting shows up as the test's own timeout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { cardsOf } from '../../authority/support/card-signer.ts';
import {
  authorizeProbesOf,
  cardLoginBrowser,
  cardSigner,
  KARI,
  recordingFetch,
  redirectFollowingBrowser,
  startConfiguredEnvironment,
  type AuthEnvironment,
  type WireRecord,
} from './support/auth-harness.ts';

const KARI_CARD = 'Buypass Kari Nordmann';
const FAST_PROBES = { firstAfterMs: 200, confirmAfterMs: 100, intervalMs: 300 };
let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  // a login timeout far beyond the tests' own: waiting for it would fail the test
  ({ env, config } = await startConfiguredEnvironment({ login_timeout_seconds: 600 }));
  cards = await cardsOf(env.stateDir);
});
afterEach(() => env.faults.reset());
afterAll(() => env?.stop());

describe('the authorization endpoint answers 503 in the browser', () => {
  it('cardLogin_authorize503_failsAsHelseIdNotResponding_notAsCardNotAccepted', { timeout: 20_000 }, async () => {
    env.faults.set({ endpoints: { authorize: { status: 503 } } });
    const wire = recordingFetch();
    const signer = cardSigner(env.info, cards, KARI_CARD);
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: cardLoginBrowser().openExternal,
      cardAuthenticator: signer.authenticator,
      authorizeProbe: FAST_PROBES,
    });
    await expect(helseId.login({ cardIssuer: 'buypass' })).rejects.toMatchObject({
      code: 'authority-unreachable',
      retriable: true,
      detail: { operation: 'authorize', status: 503 },
    });
    expect(signer.seen).toHaveLength(0); // the card was never asked
    expect(helseId.status()).toBe('logged-out');
  });

  it(
    'testIdpLogin_authorize503_failsAsHelseIdNotResponding_insteadOfWaitingForTheLoginTimeout',
    { timeout: 20_000 },
    async () => {
      env.faults.set({ endpoints: { authorize: { status: 503 } } });
      const wire = recordingFetch();
      const browser = redirectFollowingBrowser();
      const helseId = createHelseIdClient({
        config,
        fetch: wire.fetch,
        openExternal: browser.openExternal,
        authorizeProbe: FAST_PROBES,
      });
      await expect(helseId.login({ testPid: KARI })).rejects.toMatchObject({
        code: 'authority-unreachable',
        detail: { operation: 'authorize', status: 503 },
      });
      expect(await browser.visits[0]!.done).toBe(503); // the browser did get HelseID's error page
      // two probes in a row said 5xx before giving up, and neither carried the login's request_uri
      const probes = authorizeProbesOf(wire.records);
      expect(probes.map((p) => p.status)).toEqual([503, 503]);
      const issued = new URL(browser.visits[0]!.url).searchParams.get('request_uri');
      expect(probes.every((p) => p.url.searchParams.get('request_uri') !== issued)).toBe(true);
    },
  );

  it('testIdpLogin_authorizeHangs_failsAsHelseIdNotResponding', { timeout: 20_000 }, async () => {
    env.faults.set({ endpoints: { authorize: { latencyMs: 30_000 } } });
    const helseId = createHelseIdClient({
      config,
      openExternal: redirectFollowingBrowser().openExternal,
      authorizeProbe: { ...FAST_PROBES, timeoutMs: 300 },
    });
    await expect(helseId.login({ testPid: KARI })).rejects.toMatchObject({
      code: 'authority-unreachable',
      detail: { operation: 'authorize' },
    });
  });
});

describe('a live authorization endpoint never ends a login', () => {
  /** A person who takes their time: the browser opens the authorize URL only after `probes` probes. */
  function slowBrowser(records: readonly WireRecord[], probes: number) {
    const follow = redirectFollowingBrowser();
    const openExternal = async (url: string) => {
      void (async () => {
        while (authorizeProbesOf(records).length < probes) await new Promise((r) => setTimeout(r, 50));
        await follow.openExternal(url);
      })();
    };
    return { openExternal, follow };
  }

  it('slowPersonInTheBrowser_probesSeeTheEndpointUp_andTheLoginCompletes', { timeout: 20_000 }, async () => {
    const wire = recordingFetch();
    const browser = slowBrowser(wire.records, 3);
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: browser.openExternal,
      authorizeProbe: FAST_PROBES,
    });
    await expect(helseId.login({ testPid: KARI })).resolves.toMatchObject({ givenName: 'Kari' });
    const probes = authorizeProbesOf(wire.records);
    expect(probes.length).toBeGreaterThanOrEqual(3);
    const issued = new URL(browser.follow.visits[0]!.url).searchParams.get('request_uri');
    expect(probes.every((p) => p.status < 500 && p.url.searchParams.get('request_uri') !== issued)).toBe(true);
    expect(await browser.follow.visits[0]!.done).toBe(200); // the browser's request_uri still worked
    await helseId.close();
  });

  it('oneFailedProbe_isCheckedAgain_andAnEndpointBackUpKeepsTheLogin', { timeout: 20_000 }, async () => {
    env.faults.set({ endpoints: { authorize: { status: 503, times: 1 } } });
    const wire = recordingFetch();
    const browser = slowBrowser(wire.records, 2);
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: browser.openExternal,
      authorizeProbe: FAST_PROBES,
    });
    await expect(helseId.login({ testPid: KARI })).resolves.toMatchObject({ givenName: 'Kari' });
    expect(
      authorizeProbesOf(wire.records)
        .slice(0, 2)
        .map((p) => p.status < 500),
    ).toEqual([false, true]);
    await helseId.close();
  });

  it('cardLogin_browserAtTheCardPage_stopsProbing', { timeout: 20_000 }, async () => {
    const wire = recordingFetch();
    const signer = cardSigner(env.info, cards, KARI_CARD);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    // the PIN prompt stays open long enough for several probe intervals
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: cardLoginBrowser().openExternal,
      authorizeProbe: FAST_PROBES,
      cardAuthenticator: async (request) => {
        setTimeout(release, 1_500);
        await released;
        return signer.authenticator(request);
      },
    });
    let probesAtChallenge = -1;
    const user = await helseId.login({
      cardIssuer: 'buypass',
      onProgress: (step) => {
        if (step === 'card-signing') probesAtChallenge = authorizeProbesOf(wire.records).length;
      },
    });
    expect(user).toMatchObject({ givenName: 'Kari' });
    // the card challenge proved the browser got through authorize: no new probe while the PIN was
    // typed (1.5 s, five probe intervals; one already on its way may still land)
    expect(probesAtChallenge).toBeGreaterThanOrEqual(0);
    expect(authorizeProbesOf(wire.records).length - probesAtChallenge).toBeLessThanOrEqual(1);
    await helseId.close();
  });
});
