// When an authorization rides the browser's SSO session and when the person must log in again, as
// HelseID decides it (Duende IdentityServer's authorize interaction, see authority/provider/sso-policy.ts):
// another IdP than the session's forces a login; the same IdP rides unless prompt=login or an
// exceeded max_age asks for a new one. One browser keeps its cookies through each test, as a clinic
// workstation's browser does.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProvisionedCards } from '../../authority/cards/provision.ts';
import { CookieBrowser } from './support/browser.ts';
import { BUYPASS, COMMFIDES, loginInBrowser, TESTIDP, type BrowserLoginRequest } from './support/browser-logins.ts';
import { cardsOf } from './support/card-signer.ts';
import { desktopClient, type DesktopClient } from './support/desktop-client.ts';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';

const KARI = '13827099842';
const OLA = '02857199823';
const PER = '24886299806';
let env: TestEnvironment;
let desktop: DesktopClient;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
  cards = await cardsOf(env.stateDir);
});
afterEach(() => env.faults.reset());
afterAll(() => env?.stop());

const login = (browser: CookieBrowser, request: BrowserLoginRequest) =>
  loginInBrowser(env, desktop, cards, browser, request);

describe('another IdP than the SSO session’s forces a login (IdentityServer: "Current IdP is not the requested IdP")', () => {
  it('commfidesSession_buypassRequest_showsTheBuypassCardPage_andEndsAsTheBuypassCardHolder', async () => {
    const browser = new CookieBrowser();
    await login(browser, { acrValues: COMMFIDES, cardLabel: 'Commfides Ola Hansen' });
    const next = await login(browser, { acrValues: BUYPASS, cardLabel: 'Buypass Per Uten-Hpr' });
    expect(next).toMatchObject({ rode: false, pid: PER });
    expect(next.claims['idp']).toBe('buypass-oidc');
  });

  it('testIdpSession_buypassRequest_forcesTheCardLogin', async () => {
    const browser = new CookieBrowser();
    await login(browser, { acrValues: TESTIDP, extra: { test_pid: OLA } });
    const next = await login(browser, { acrValues: BUYPASS, cardLabel: 'Buypass Kari Nordmann' });
    expect(next).toMatchObject({ rode: false, pid: KARI });
  });

  it('olderCommfidesAcrValue_isItsOwnIdp_soItDoesNotRideTheNewerOnesSession', async () => {
    const browser = new CookieBrowser();
    const first = await login(browser, { acrValues: COMMFIDES, cardLabel: 'Commfides Ola Hansen' });
    expect(first.claims['idp']).toBe('commfides-oidc');
    const next = await login(browser, { acrValues: 'idp:commfides', cardLabel: 'Commfides Ola Hansen' });
    expect(next).toMatchObject({ rode: false, pid: OLA });
    expect(next.claims['idp']).toBe('commfides');
  });
});

describe('the same IdP rides the session unless the request asks for a new login', () => {
  it('buypassSession_buypassRequest_ridesTheSession_theCaseRealHelseIdLetsThrough', async () => {
    const browser = new CookieBrowser();
    await login(browser, { acrValues: BUYPASS, cardLabel: 'Buypass Kari Nordmann' });
    // Per's card was never asked for: the authorization comes back as Kari
    const next = await login(browser, { acrValues: BUYPASS, cardLabel: 'Buypass Per Uten-Hpr' });
    expect(next).toMatchObject({ rode: true, pid: KARI });
  });

  it.each([
    ['PromptLogin', { prompt: 'login' }],
    ['MaxAgeZero', { max_age: '0' }],
  ])('buypassSession_buypassRequestWith%s_showsTheCardPage', async (_name, extra) => {
    const browser = new CookieBrowser();
    await login(browser, { acrValues: BUYPASS, cardLabel: 'Buypass Kari Nordmann' });
    const next = await login(browser, { acrValues: BUYPASS, cardLabel: 'Buypass Per Uten-Hpr', extra });
    expect(next).toMatchObject({ rode: false, pid: PER });
  });

  it('testIdpSession_maxAgeExceeded_logsInTheRequestedPerson_withinMaxAge_rides', async () => {
    const browser = new CookieBrowser();
    await login(browser, { acrValues: TESTIDP, extra: { test_pid: KARI } });
    // two minutes pass on the authority's clock (no waiting here: the clock fault moves it, and a
    // client that corrects its assertions for it asks)
    env.faults.set({ clockOffsetSeconds: 120 });
    const later = await desktopClient(env.info, undefined, undefined, 120);
    const within = await loginInBrowser(env, later, cards, browser, {
      acrValues: TESTIDP,
      extra: { test_pid: OLA, max_age: '3600' },
    });
    expect(within).toMatchObject({ rode: true, pid: KARI });
    const exceeded = await loginInBrowser(env, later, cards, browser, {
      acrValues: TESTIDP,
      extra: { test_pid: OLA, max_age: '60' },
    });
    expect(exceeded).toMatchObject({ rode: false, pid: OLA });
  });
});

describe('what the ID token says about the authentication', () => {
  it('idToken_carriesAuthTime_evenWithoutMaxAgeOrPrompt_asIdentityServerAlwaysDoes', async () => {
    const before = Math.floor(Date.now() / 1000);
    const first = await login(new CookieBrowser(), { acrValues: TESTIDP, extra: { test_pid: KARI } });
    expect(first.claims['auth_time']).toBeGreaterThanOrEqual(before - 1);
  });

  it('ridingTheSession_keepsTheFirstAuthTime', async () => {
    const browser = new CookieBrowser();
    const first = await login(browser, { acrValues: TESTIDP, extra: { test_pid: KARI } });
    env.faults.set({ clockOffsetSeconds: 30 });
    const next = await login(browser, { acrValues: TESTIDP, extra: { test_pid: OLA } });
    expect(next).toMatchObject({ rode: true, pid: KARI });
    expect(next.claims['auth_time']).toBe(first.claims['auth_time']);
  });
});

describe('fault knobs that play a misbehaving authority (for the app’s refusals)', () => {
  it('ignoreFreshLoginRequests_ridesTheSessionDespitePromptLoginAndAnotherIdp', async () => {
    const browser = new CookieBrowser();
    await login(browser, { acrValues: COMMFIDES, cardLabel: 'Commfides Ola Hansen' });
    env.faults.set({ ignoreFreshLoginRequests: true });
    const next = await login(browser, { acrValues: BUYPASS, extra: { prompt: 'login', max_age: '0' } });
    expect(next).toMatchObject({ rode: true, pid: OLA });
  });

  it('loginAs_answersWithAnotherPersonThanTheCardProved', async () => {
    env.faults.set({ loginAs: OLA });
    const next = await login(new CookieBrowser(), { acrValues: BUYPASS, cardLabel: 'Buypass Kari Nordmann' });
    expect(next).toMatchObject({ rode: false, pid: OLA });
  });
});
