// Logins through ONE browser that keeps its cookies, as a clinic workstation's browser does: the
// person the authorization comes back with is whoever HelseID's SSO session says, unless the
// authority asks for a new login. A card IdP's page is answered on the back channel with the card
// `cardLabel` (SoftHSM), the way the desktop app answers it.
import type { ProvisionedCards } from '../../../authority/cards/provision.ts';
import type { TestEnvironment } from './test-environment.ts';
import { CALLBACK, IDENTITY_SCOPES, pushLogin, redeemCode, type DesktopClient } from './desktop-client.ts';
import type { CookieBrowser } from './browser.ts';
import { clientAssertion, clientAuthForm, postForm } from './raw-requests.ts';
import { authToken, certificateDerBase64, signedData, signOnCard } from './card-signer.ts';

export const BUYPASS = 'idp:buypass-oidc bp:amr:sc';
export const COMMFIDES = 'idp:commfides-oidc cf:amr:sc';
export const TESTIDP = 'idp:testidp-oidc';

export interface BrowserLogin {
  /** the authorization came back without the authority asking anyone to log in */
  readonly rode: boolean;
  readonly pid: unknown;
  readonly claims: Record<string, unknown>;
}

export interface BrowserLoginRequest {
  readonly acrValues: string;
  /** the card that answers a card IdP's page (never used when the authorization rides the session) */
  readonly cardLabel?: string;
  /** more PAR parameters: prompt, max_age, test_pid */
  readonly extra?: Record<string, string>;
}

export async function loginInBrowser(
  env: TestEnvironment,
  desktop: DesktopClient,
  cards: ProvisionedCards,
  browser: CookieBrowser,
  request: BrowserLoginRequest,
): Promise<BrowserLogin> {
  const person = env.api('person');
  const pushed = await pushLogin(desktop, {
    resources: [person.resource],
    scope: `${IDENTITY_SCOPES} ${person.scopes[0]}`,
    acrValues: request.acrValues,
    ...(request.extra ? { extra: request.extra } : {}),
  });
  const logged = env.logLines.length;
  let stop = await browser.visit(pushed.url, CALLBACK);
  if (stop.kind === 'page') {
    if (!stop.body.includes('waiting-for-card') || !request.cardLabel)
      throw new Error(`the login stopped at ${stop.url.pathname}: ${stop.body.slice(0, 200)}`);
    const discovery = (await (await fetch(`${env.info.authority}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    const endpoint = discovery['helseid_desktop_card_endpoint']!;
    const post = async (action: string, extra: Record<string, string> = {}) =>
      postForm(
        `${endpoint}/${action}`,
        clientAuthForm(desktop, await clientAssertion(desktop, env.info.authority), {
          request_uri: pushed.requestUri,
          ...extra,
        }),
      );
    const challenge = (await post('challenge')).body['challenge'] as string;
    const signature = await signOnCard(env.info, request.cardLabel, signedData(env.info.authority, challenge));
    const answer = await post('token', {
      auth_token: authToken(certificateDerBase64(cards, request.cardLabel), signature),
    });
    if (answer.status !== 200) throw new Error(`the card was refused: ${JSON.stringify(answer.body)}`);
    stop = await browser.visit(stop.url, CALLBACK);
  }
  if (stop.kind !== 'callback') throw new Error(`the login stopped at ${stop.url.href}`);
  const tokens = await redeemCode(desktop, pushed, stop.url, person.resource);
  const claims = tokens.claims()! as Record<string, unknown>;
  // the emulator's interaction router says which it was: "login via …" or "sso session reused (…)"
  const rode = env.logLines.slice(logged).some((line) => line.startsWith('sso session reused'));
  return { rode, pid: claims['helseid://claims/identity/pid'], claims };
}
