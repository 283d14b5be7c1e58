// One card, one person, one session (issue 20), at the protocol level: ONE browser that keeps its
// cookies across app runs, as a clinic workstation's does, so HelseID's SSO session from a run that
// ended without a logout is still there when the next person logs in. Whatever ended the first
// session (quit, expiry, a failed refresh), the next login ends as the person it was for, or is
// refused — never as the first person. Each "app run" is a HelseID client of its own.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { configFromEnvironmentInfo, type HelseIdConfig } from '../../../src/main/config/index.ts';
import { createAppServices } from '../../../src/main/services/create-app-services.ts';
import type { AppView } from '../../../src/shared/ipc/view-schemas.ts';
import { appEnvFor } from '../../../scripts/embedded.ts';
import {
  cardSigner,
  holderOf,
  keepingBrowser,
  KARI,
  manualScheduler,
  recordingFetch,
  startCardEnvironment,
  type AuthEnvironment,
} from './support/auth-harness.ts';

const OLA = '02857199823';
const OLA_CARD = 'Commfides Ola Hansen';
const PER_CARD = 'Buypass Per Uten-Hpr';
const KARI_CARD = 'Buypass Kari Nordmann';
let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, config, cards } = await startCardEnvironment());
});
afterEach(() => env.faults.reset());
afterAll(() => env?.stop());

type Browser = ReturnType<typeof keepingBrowser>;

/** One app run in `browser`: a HelseID client whose card authenticator is the card `label`. */
function appRun(browser: Browser, label?: string, clock?: () => number) {
  const signer = label ? cardSigner(env.info, cards, label) : undefined;
  const wire = recordingFetch();
  const helseId = createHelseIdClient({
    config,
    fetch: wire.fetch,
    openExternal: browser.openExternal,
    scheduler: manualScheduler().scheduler,
    ...(signer ? { cardAuthenticator: signer.authenticator } : {}),
    ...(clock ? { clock } : {}),
  });
  const loginWithCard = (cardLabel: string) =>
    helseId.login({ cardIssuer: holderOf(cards, cardLabel).issuer, card: holderOf(cards, cardLabel) });
  return { helseId, signer, wire, loginWithCard };
}

describe('an app run ends without a logout; the next run, same browser, logs in another person', () => {
  it('quitWithoutLogout_nextRunAsksTestIdpForOla_endsAsOla_notKari', async () => {
    const browser = keepingBrowser();
    const first = appRun(browser);
    await first.helseId.login({ testPid: KARI });
    await first.helseId.close(); // quits: refresh token revoked, HelseID's browser session left as it was
    const next = appRun(browser);
    await expect(next.helseId.login({ testPid: OLA })).resolves.toMatchObject({ givenName: 'Ola' });
    expect(next.helseId.personId()).toBe(OLA);
    await next.helseId.close();
  });

  it('quitWithoutLogout_afterOlasCommfidesLogin_perCardLogin_asksPersCardAndEndsAsPer', async () => {
    const browser = keepingBrowser();
    const first = appRun(browser, OLA_CARD);
    await expect(first.loginWithCard(OLA_CARD)).resolves.toMatchObject({ givenName: 'Ola' });
    await first.helseId.close();
    const next = appRun(browser, PER_CARD);
    await expect(next.loginWithCard(PER_CARD)).resolves.toMatchObject({ givenName: 'Per', familyName: 'Uten-Hpr' });
    expect(next.signer!.seen).toHaveLength(1); // Per's card was asked: the PIN, in the app
    await next.helseId.close();
  });

  it('quitWithoutLogout_afterKarisBuypassLogin_perBuypassCard_theSameIdpCase_endsAsPer', async () => {
    // the case real HelseID lets through: the same IdP rides the SSO session unless the app asks
    const browser = keepingBrowser();
    const first = appRun(browser, KARI_CARD);
    await first.loginWithCard(KARI_CARD);
    await first.helseId.close();
    const next = appRun(browser, PER_CARD);
    await expect(next.loginWithCard(PER_CARD)).resolves.toMatchObject({ givenName: 'Per' });
    expect(next.signer!.seen).toHaveLength(1);
    await next.helseId.close();
  });
});

describe('the session ended by itself; the next login in the same run, same browser, is another person', () => {
  it('sessionExpired_rtExpiresInPassed_nextLoginWithPersCard_endsAsPer', async () => {
    const browser = keepingBrowser();
    let now = Date.now();
    const run = appRun(browser, KARI_CARD, () => now);
    await run.loginWithCard(KARI_CARD);
    await run.helseId.tokensSettled();
    now += 9 * 3600_000; // past rt_expires_in (8 h): "Økten er utløpt"
    await expect(run.helseId.callApi('person')).rejects.toMatchObject({ code: 'refresh-token-expired' });
    expect(run.helseId.user()).toBeUndefined();
    const per = appRun(browser, PER_CARD);
    await expect(per.loginWithCard(PER_CARD)).resolves.toMatchObject({ givenName: 'Per' });
    await Promise.all([run.helseId.close(), per.helseId.close()]);
  });

  it('refreshFailed_invalidGrant_nextLoginWithPersCard_endsAsPer', async () => {
    const browser = keepingBrowser();
    const run = appRun(browser, KARI_CARD); // Buypass, as Per's: the IdP alone would let the session ride
    await run.loginWithCard(KARI_CARD);
    await run.helseId.tokensSettled();
    env.faults.set({ invalidateRefreshTokens: true });
    await expect(run.helseId.switchOrganization(undefined)).rejects.toMatchObject({ code: 'refresh-token-expired' });
    expect(run.helseId.user()).toBeUndefined();
    env.faults.reset();
    const per = appRun(browser, PER_CARD);
    await expect(per.loginWithCard(PER_CARD)).resolves.toMatchObject({ givenName: 'Per' });
    await Promise.all([run.helseId.close(), per.helseId.close()]);
  });
});

describe('an authority that answers with someone else: the login is refused and nothing is kept', () => {
  it('authorityRidesOlasSessionDespitePromptLogin_persCardLogin_isRefused_revoked_browserSessionEnded', async () => {
    const browser = keepingBrowser();
    const first = appRun(browser, OLA_CARD);
    await first.loginWithCard(OLA_CARD);
    await first.helseId.close();
    // the next person comes two minutes later (the authority's clock moves; the app measures it)
    env.faults.set({ ignoreFreshLoginRequests: true, clockOffsetSeconds: 120 });
    const next = appRun(browser, PER_CARD);
    const refusal = await next.loginWithCard(PER_CARD).catch((err: unknown) => err);
    expect(refusal).toMatchObject({
      code: 'login-other-person',
      detail: { rule: 'auth_time', failed: 'auth_time, idp, signature, name' },
    });
    expect(JSON.stringify(refusal)).not.toMatch(/Ola|Hansen|02857199823/);
    // nothing kept: no user, no tokens; the refresh token HelseID issued is revoked
    expect(next.helseId.user()).toBeUndefined();
    expect(next.helseId.personId()).toBeUndefined();
    expect(next.helseId.apis()).toEqual([]);
    expect(next.signer!.seen).toHaveLength(0); // the card was never asked
    expect(next.wire.records.some((r) => r.url.pathname.endsWith('/revocation') && r.status === 200)).toBe(true);
    // HelseID's session in the browser was ended through the app's end-session page
    await browser.settled();
    await expect(env.browserSessionActive(browser.sessionCookie() ?? 'none')).resolves.toBe(false);
    // so the next login meets no session to ride, even with the misbehaving authority
    const again = appRun(browser, PER_CARD);
    await expect(again.loginWithCard(PER_CARD)).resolves.toMatchObject({ givenName: 'Per' });
    await Promise.all([next.helseId.close(), again.helseId.close()]);
  });

  it('identityProviderAnswersWithAnotherPersonAfterTheCardSigned_isRefusedByName', async () => {
    env.faults.set({ loginAs: OLA });
    const run = appRun(keepingBrowser(), KARI_CARD);
    await expect(run.loginWithCard(KARI_CARD)).rejects.toMatchObject({
      code: 'login-other-person',
      detail: { rule: 'name' },
    });
    expect(run.helseId.user()).toBeUndefined();
    await run.helseId.close();
  });

  it('testIdpLoginForKari_answeredAsOla_isRefusedByTestPid', async () => {
    env.faults.set({ loginAs: OLA });
    const run = appRun(keepingBrowser());
    await expect(run.helseId.login({ testPid: KARI })).rejects.toMatchObject({
      code: 'login-other-person',
      detail: { rule: 'test_pid' },
    });
    await run.helseId.close();
  });
});

describe('the whole app (controller, card service on SoftHSM) across two runs in one browser', () => {
  /** One app run: the real services, the card-removal rule `lock`, the shared browser. */
  async function appServicesRun(browser: Browser) {
    const file = path.join(env.stateDir, 'lock-config.json');
    await writeFile(file, JSON.stringify(configFromEnvironmentInfo(env.info, { card_removal: 'lock' })));
    const services = await createAppServices({
      openExternal: browser.openExternal,
      env: {
        HELSEID_DESKTOP_CONFIG: file,
        HELSEID_DESKTOP_STATE_DIR: path.join(env.stateDir, 'user-state'),
        ...appEnvFor(env.info),
      },
    });
    const view = async (predicate: (v: AppView) => boolean) => {
      await vi.waitFor(() => expect(predicate(services.controller.view())).toBe(true), { timeout: 20_000 });
      return services.controller.view();
    };
    const card = (label: string) => env.info.cards.find((c) => c.token_label === label)!;
    const pinOf = (label: string) => card(label).pin;
    const logIn = async (label: string) => {
      const holder = card(label).holder;
      const cards = await view((v) => v.cards.some((c) => c.holderName === holder && c.state === 'ok'));
      await services.controller.login(cards.cards.find((c) => c.holderName === holder && c.state === 'ok')!.id);
      const asking = await view((v) => !!v.login?.pinRequest || !!v.error || v.phase === 'logged-in');
      const pinAsked = !!asking.login?.pinRequest;
      if (asking.login?.pinRequest) services.controller.submitPin(asking.login.pinRequest.requestId, pinOf(label));
      return { pinAsked, ...(await view((v) => v.phase === 'logged-in' || !!v.error)) };
    };
    return { services, view, pinOf, logIn };
  }

  it('lockedAndUnlocked_thenQuitWithoutLogout_nextRunLogsInPer_withPersPin_endsAsPer', async () => {
    const browser = keepingBrowser();
    const first = await appServicesRun(browser);
    expect((await first.logIn(KARI_CARD)).user).toMatchObject({ name: 'Kari Nordmann' });
    expect(first.services.controller.lock()).toBe(true); // the OS screen lock
    await first.services.controller.unlock();
    const asking = await first.view((v) => !!v.unlock?.pinRequest);
    first.services.controller.submitPin(asking.unlock!.pinRequest!.requestId, first.pinOf(KARI_CARD));
    await first.view((v) => v.phase === 'logged-in');
    await first.services.close(); // quits without a logout
    const next = await appServicesRun(browser);
    const loggedIn = await next.logIn(PER_CARD);
    expect(loggedIn.error).toBeUndefined();
    expect(loggedIn.pinAsked).toBe(true);
    expect(loggedIn.user).toMatchObject({ name: 'Per Uten-Hpr' });
    await next.services.close();
  });
});
