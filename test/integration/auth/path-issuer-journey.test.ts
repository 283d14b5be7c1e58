// The app's main journey against an issuer with a PATH, as HelseID's conformance-testing service
// ("samsvarstesting") gives each test session (`https://host/<guid>`): discovery, PAR, TestIdP and
// card logins, one DPoP-bound token per API, an API call the demo API's guard accepts, refresh, and
// logout with revocation and the browser's end session — all through the app's own client code. The
// environment is strict (the harness default): an assertion whose `aud` lost the path is refused.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { tokenApis, userApis } from '../../../src/main/auth/authorization-request.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import { cardsOf } from '../../authority/support/card-signer.ts';
import { CookieBrowser } from '../../authority/support/browser.ts';
import {
  KARI,
  refreshFromOutside,
  cardLoginBrowser,
  cardSigner,
  manualScheduler,
  recordingFetch,
  startConfiguredEnvironment,
  type AuthEnvironment,
  type WireRecord,
} from './support/auth-harness.ts';

// the shape of a conformance-testing session's authority: a GUID as the issuer's path
// background work (refreshes, revocation, the browser tab) on a loaded 2-core machine: wait for it, never for a time
const SLOW = { timeout: 20_000 };
const ISSUER_PATH = '/4a6c3d2e-9b1f-4c1e-8f3a-2d7b5e9c1a04';
let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, config } = await startConfiguredEnvironment(undefined, { issuerPath: ISSUER_PATH }));
  cards = await cardsOf(env.stateDir);
});
afterAll(() => env?.stop());

/** The system browser: one cookie jar for the whole journey (login, then end session), following auto-submitted forms. */
function cookieBrowser() {
  const browser = new CookieBrowser();
  const pages: string[] = [];
  const openExternal = async (url: string) => {
    void browser.visit(url, 'never-stop-early:').then(
      (stop) => pages.push(`${stop.status} ${stop.url.href} ${stop.body}`),
      (err: unknown) => pages.push(`failed: ${String(err)}`),
    );
  };
  return { openExternal, pages };
}

const authorityRecords = (records: readonly WireRecord[]) =>
  records.filter((r) => r.url.origin === new URL(env.info.authority).origin);
const assertionOf = (r: WireRecord) => decodeJwt(r.body!.get('client_assertion')!);

describe('the main journey with a path issuer (conformance testing)', () => {
  it('environment_withIssuerPath_publishesThePathInIssuerAndEveryEndpoint', async () => {
    expect(env.info.authority).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${ISSUER_PATH}$`));
    expect(config.authority.issuer).toBe(env.info.authority);
    const discovery = (await (await fetch(`${env.info.authority}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery.issuer).toBe(env.info.authority);
    for (const name of [
      'authorization_endpoint',
      'pushed_authorization_request_endpoint',
      'token_endpoint',
      'end_session_endpoint',
      'revocation_endpoint',
      'jwks_uri',
      'helseid_desktop_card_endpoint',
      'available_idps',
    ]) {
      expect(String(discovery[name]), name).toMatch(new RegExp(`^${env.info.authority}/`));
    }
    // nothing answers at the bare origin: a client that drops the path fails loudly here
    expect((await fetch(`${new URL(env.info.authority).origin}/.well-known/openid-configuration`)).status).toBe(404);
  });

  it('testIdpLogin_apiCall_refresh_logout_allUnderTheIssuerPath_withAssertionAudienceTheIssuerExactly', async () => {
    const wire = recordingFetch();
    const browser = cookieBrowser();
    const timers = manualScheduler();
    const steps: string[] = [];
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: browser.openExternal,
      scheduler: timers.scheduler,
    });

    // discovery, PAR, TestIdP in the browser, code redemption
    const user = await helseId.login({ testPid: KARI, onProgress: (s) => steps.push(s) });
    expect(user).toMatchObject({ givenName: 'Kari', familyName: 'Nordmann', securityLevel: '4' });
    expect(steps).toEqual([
      'discovery',
      'pushed-authorization-request',
      'browser-opened',
      'waiting-for-callback',
      'redeeming-code',
      'done',
    ]);
    const par = wire.records.find((r) => r.url.pathname === `${ISSUER_PATH}/connect/par` && r.status === 201)!;
    expect(par).toBeDefined();
    // every user API and the portal (Kjernejournal: its token comes only when a patient is opened)
    expect(par.body!.getAll('resource')).toEqual(tokenApis(config).map((a) => a.resource));

    // one DPoP-bound, single-audience token per API, issued by the path issuer
    await helseId.tokensSettled();
    expect(helseId.apis().map((a) => [a.name, a.state])).toEqual(userApis(config).map((a) => [a.name, 'valid']));
    const tokenResponses = wire.records.filter(
      (r) => r.url.pathname === `${ISSUER_PATH}/connect/token` && r.status === 200,
    );
    expect(tokenResponses).toHaveLength(userApis(config).length);
    tokenResponses.forEach((r, i) => {
      const claims = decodeJwt(r.json!['access_token'] as string);
      expect(r.json!['token_type']).toMatch(/^dpop$/i);
      expect(claims.iss).toBe(env.info.authority);
      expect(claims.aud).toBe(userApis(config)[i]!.resource);
      expect((claims.cnf as { jkt?: string }).jkt).toBeTruthy();
    });
    expect(decodeJwt(tokenResponses[0]!.json!['id_token'] as string).iss).toBe(env.info.authority);

    // the demo API's guard expects the path issuer too
    const call = await helseId.callApi('person', '/api/person/me');
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({
      api: 'person',
      accepted: { aud: config.apis[0]!.resource, security_level: '4' },
    });

    // refresh (the proactive timers fire): every API gets a new token from the rotated refresh token
    timers.fireAll();
    await expect
      .poll(
        () => wire.records.filter((r) => r.url.pathname === `${ISSUER_PATH}/connect/token` && r.status === 200).length,
        SLOW,
      )
      .toBe(2 * userApis(config).length);
    await expect.poll(() => helseId.apis().every((a) => a.state === 'valid'), SLOW).toBe(true);
    const refreshes = wire.records.filter(
      (r) =>
        r.url.pathname === `${ISSUER_PATH}/connect/token` &&
        r.body?.get('grant_type') === 'refresh_token' &&
        r.status === 200,
    );
    expect(refreshes.length).toBeGreaterThanOrEqual(userApis(config).length);
    const newestRefreshToken = refreshes.at(-1)!.json!['refresh_token'] as string;

    // logout: revocation of the refresh token, and the browser ends HelseID's session (POST form) and
    // comes back to the app's logged-out page
    await helseId.logout({ endSessionInBrowser: true, language: 'en' });
    await expect
      .poll(
        () => wire.records.some((r) => r.url.pathname === `${ISSUER_PATH}/connect/revocation` && r.status === 200),
        SLOW,
      )
      .toBe(true);
    await expect.poll(() => browser.pages.some((p) => p.includes('data-state="logged-out"')), SLOW).toBe(true);
    expect(await refreshFromOutside(config, newestRefreshToken)).toBe('invalid_grant');

    // every request to the authority stayed under the path; every client assertion's aud is the issuer exactly
    const records = authorityRecords(wire.records);
    expect(records.length).toBeGreaterThan(5);
    for (const r of records) expect(r.url.pathname.startsWith(`${ISSUER_PATH}/`), r.url.pathname).toBe(true);
    const withAssertion = records.filter((r) => r.body?.has('client_assertion'));
    expect(withAssertion.map((r) => r.url.pathname)).toEqual(
      expect.arrayContaining([
        `${ISSUER_PATH}/connect/par`,
        `${ISSUER_PATH}/connect/token`,
        `${ISSUER_PATH}/connect/revocation`,
      ]),
    );
    for (const r of withAssertion) expect(assertionOf(r).aud).toBe(env.info.authority);
    expect(records.every((r) => r.status < 400 || r.dpopNonceChallenge)).toBe(true);
  });

  it('buypassCardLogin_underTheIssuerPath_signsOverTheAuthoritysOriginAndCompletes', async () => {
    const wire = recordingFetch();
    const signer = cardSigner(env.info, cards, 'Buypass Kari Nordmann');
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: cardLoginBrowser().openExternal,
      cardAuthenticator: signer.authenticator,
    });
    const user = await helseId.login({ cardIssuer: 'buypass' });
    expect(user).toMatchObject({ givenName: 'Kari', securityLevel: '4', idp: 'buypass-oidc' });
    // Web eID signs over the ORIGIN (scheme://host:port), never a path
    expect(signer.seen[0]!.origin).toBe(new URL(env.info.authority).origin);
    const card = authorityRecords(wire.records).filter((r) =>
      r.url.pathname.startsWith(`${ISSUER_PATH}/connect/card/`),
    );
    expect(card.map((r) => r.url.pathname)).toEqual(
      expect.arrayContaining([`${ISSUER_PATH}/connect/card/challenge`, `${ISSUER_PATH}/connect/card/token`]),
    );
    for (const r of card) expect(assertionOf(r).aud).toBe(env.info.authority);
    const result = await helseId.callApi('person', '/api/person/me');
    expect(result.status).toBe(200);
    await helseId.close();
  });
});
