// The card login: the browser waits on the emulated Buypass/Commfides page while the desktop app
// fetches a challenge on the back channel and answers with a Web eID token signed in SoftHSM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import {
  CALLBACK,
  IDENTITY_SCOPES,
  pushLogin,
  redeemCode,
  type DesktopClient,
  type PushedLogin,
} from './support/desktop-client.ts';
import { CookieBrowser } from './support/browser.ts';
import { clientAssertion, clientAuthForm, postForm } from './support/raw-requests.ts';
import {
  authToken,
  cardsOf,
  certificateDerBase64,
  forgedSignature,
  signedData,
  signOnCard,
} from './support/card-signer.ts';
import type { ProvisionedCards } from '../../authority/cards/provision.ts';

const BUYPASS = 'idp:buypass-oidc bp:amr:sc';
const COMMFIDES = 'idp:commfides-oidc cf:amr:sc';
const KARI_CARD = 'Buypass Kari Nordmann';
let env: TestEnvironment;
let desktop: DesktopClient;
let cards: ProvisionedCards;
let cardEndpoint: string;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
  cards = await cardsOf(env.stateDir);
  const discovery = (await (await fetch(`${env.info.authority}/.well-known/openid-configuration`)).json()) as Record<
    string,
    string
  >;
  cardEndpoint = discovery.helseid_desktop_card_endpoint!;
});
afterAll(() => env?.stop());

async function startCardLogin(acrValues: string) {
  const person = env.api('person');
  const pushed = await pushLogin(desktop, {
    resources: [person.resource],
    scope: `${IDENTITY_SCOPES} ${person.scopes[0]}`,
    acrValues,
  });
  const browser = new CookieBrowser();
  const page = await browser.visit(pushed.url, CALLBACK);
  return { pushed, browser, page };
}

/** `skewSeconds`: the authority's clock is that far ahead and the client corrects its assertion for it */
async function backChannel(
  action: 'challenge' | 'token',
  pushed: PushedLogin,
  extra: Record<string, string> = {},
  skewSeconds = 0,
) {
  const now = Math.floor(Date.now() / 1000) + skewSeconds;
  const assertion = await clientAssertion(desktop, env.info.authority, skewSeconds ? { iat: now, exp: now + 30 } : {});
  return postForm(
    `${cardEndpoint}/${action}`,
    clientAuthForm(desktop, assertion, { request_uri: pushed.requestUri, ...extra }),
  );
}

async function signedToken(tokenLabel: string, challenge: string) {
  const signature = await signOnCard(env.info, tokenLabel, signedData(env.info.authority, challenge));
  return authToken(certificateDerBase64(cards, tokenLabel), signature);
}

describe('card back channel', () => {
  it('challenge_beforeBrowserReachesCardPage_isAuthorizationPending', async () => {
    const person = env.api('person');
    const pushed = await pushLogin(desktop, {
      resources: [person.resource],
      scope: `openid ${person.scopes[0]}`,
      acrValues: BUYPASS,
    });
    const res = await backChannel('challenge', pushed);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('authorization_pending');
  });

  it('buypassCardLogin_withSoftHsmSignature_completesBrowserLoginWithKari', async () => {
    const { pushed, browser, page } = await startCardLogin(BUYPASS);
    expect(page.kind).toBe('page');
    expect(page.body).toContain('waiting-for-card');
    const challenge = await backChannel('challenge', pushed);
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({ origin: env.info.authority, expires_in: 60, idp: 'buypass' });
    expect(Buffer.from(challenge.body.challenge as string, 'base64')).toHaveLength(32);
    const ok = await backChannel('token', pushed, {
      auth_token: await signedToken(KARI_CARD, challenge.body.challenge as string),
    });
    expect(ok).toMatchObject({ status: 200, body: { status: 'ok' } });
    const done = await browser.visit(page.url, CALLBACK);
    expect(done.kind).toBe('callback');
    expect(done.url.searchParams.get('iss')).toBe(env.info.authority);
    const tokens = await redeemCode(desktop, pushed, done.url, env.api('person').resource);
    expect(tokens.claims()).toMatchObject({
      'helseid://claims/identity/pid': '13827099842',
      idp: 'buypass-oidc',
      amr: ['sc'],
    });
    expect(decodeJwt(tokens.access_token)['helseid://claims/identity/security_level']).toBe('4');
  });

  it('commfidesCardLogin_withOlderAcrValue_isAccepted', async () => {
    const { pushed, browser, page } = await startCardLogin('idp:commfides');
    const challenge = await backChannel('challenge', pushed);
    expect(challenge.body.idp).toBe('commfides');
    const ok = await backChannel('token', pushed, {
      auth_token: await signedToken('Commfides Ola Hansen', challenge.body.challenge as string),
    });
    expect(ok.status).toBe(200);
    expect((await browser.visit(page.url, CALLBACK)).kind).toBe('callback');
  });

  it('cardToken_withForgedSignature_isInvalidToken', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const challenge = (await backChannel('challenge', pushed)).body.challenge as string;
    const forged = authToken(
      certificateDerBase64(cards, KARI_CARD),
      forgedSignature(signedData(env.info.authority, challenge)),
    );
    const res = await backChannel('token', pushed, { auth_token: forged });
    expect(res.body).toMatchObject({
      error: 'invalid_token',
      error_description: expect.stringMatching(/signature does not verify/),
    });
  });

  it('cardToken_reusingAChallenge_isRefused', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const challenge = (await backChannel('challenge', pushed)).body.challenge as string;
    const token = await signedToken(KARI_CARD, challenge);
    expect((await backChannel('token', pushed, { auth_token: token })).status).toBe(200);
    const again = await backChannel('token', pushed, { auth_token: token });
    expect(again.body.error_description).toMatch(/challenge already used/);
  });

  it('cardToken_forSupersededChallenge_isRefused', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const first = (await backChannel('challenge', pushed)).body.challenge as string;
    await backChannel('challenge', pushed);
    const res = await backChannel('token', pushed, { auth_token: await signedToken(KARI_CARD, first) });
    expect(res.body.error_description).toMatch(/superseded/);
  });

  it('cardToken_afterChallengeLifetime_isChallengeExpired', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const challenge = (await backChannel('challenge', pushed)).body.challenge as string;
    // the authority's clock (client authentication included) jumps past the challenge's lifetime
    env.faults.set({ clockOffsetSeconds: 61 });
    try {
      const res = await backChannel('token', pushed, { auth_token: await signedToken(KARI_CARD, challenge) }, 61);
      expect(res.body.error_description).toMatch(/challenge expired/);
    } finally {
      env.faults.set({ clockOffsetSeconds: 0 });
    }
  });

  it('cardToken_fromUnknownCa_isNotTrusted', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const challenge = (await backChannel('challenge', pushed)).body.challenge as string;
    const res = await backChannel('token', pushed, { auth_token: await signedToken('Ukjent Utsteder', challenge) });
    expect(res.body.error_description).toMatch(/certificate not issued by a trusted CA/);
  });

  it('cardToken_commfidesCardOnBuypassPage_isNotTrusted', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const challenge = (await backChannel('challenge', pushed)).body.challenge as string;
    const res = await backChannel('token', pushed, {
      auth_token: await signedToken('Commfides Ola Hansen', challenge),
    });
    expect(res.body.error_description).toMatch(/certificate not issued by a trusted CA/);
  });

  it('cardToken_withExpiredCertificate_isCertificateExpired', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const challenge = (await backChannel('challenge', pushed)).body.challenge as string;
    const res = await backChannel('token', pushed, { auth_token: await signedToken('Buypass Eva Utlopt', challenge) });
    expect(res.body.error_description).toMatch(/certificate expired/);
  });

  it('cardToken_withWrongFormat_isInvalidToken', async () => {
    const { pushed } = await startCardLogin(COMMFIDES);
    await backChannel('challenge', pushed);
    const res = await backChannel('token', pushed, {
      auth_token: JSON.stringify({ format: 'x', unverifiedCertificate: 'a', algorithm: 'RS256', signature: 'a' }),
    });
    expect(res.body.error_description).toMatch(/format/);
  });

  it('backChannel_withReusedAssertion_isInvalidClient', async () => {
    const { pushed } = await startCardLogin(BUYPASS);
    const assertion = await clientAssertion(desktop, env.info.authority);
    const form = () => clientAuthForm(desktop, assertion, { request_uri: pushed.requestUri });
    expect((await postForm(`${cardEndpoint}/challenge`, form())).status).toBe(200);
    const again = await postForm(`${cardEndpoint}/challenge`, form());
    expect(again).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });
});
