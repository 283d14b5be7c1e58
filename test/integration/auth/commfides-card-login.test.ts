// Smart-card login with a Commfides card: the client picks the Commfides IdP through the configured
// acr_values (HELSEID.md: the current value is UNCONFIRMED, so it is configuration), the browser waits
// on the emulated Commfides page, and the card answers the challenge on the back channel.
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

const OLA_CARD = 'Commfides Ola Hansen';
const KARI_BUYPASS_CARD = 'Buypass Kari Nordmann';
let env: AuthEnvironment;
let config: HelseIdConfig;
let cards: ProvisionedCards;

beforeAll(async () => {
  ({ env, config, cards } = await startCardEnvironment());
});
afterAll(() => env?.stop());

describe('Commfides card login through the back channel', () => {
  it('commfidesCardLogin_choosesCommfidesIdpAndCompletesLogin', async () => {
    const wire = recordingFetch();
    const signer = cardSigner(env.info, cards, OLA_CARD);
    const helseId = createHelseIdClient({
      config,
      fetch: wire.fetch,
      openExternal: cardLoginBrowser().openExternal,
      cardAuthenticator: signer.authenticator,
    });
    const user = await helseId.login({ cardIssuer: 'commfides' });
    expect(user).toMatchObject({
      name: 'Ola Johan Hansen',
      securityLevel: '4',
      // the scheme the app's acr_values named (its default, the older `idp:commfides`): HelseID's
      // IdentityServer names the session's idp by it (authority/README.md, SSO)
      idp: 'commfides',
      pidMasked: expect.stringMatching(/^\d{6}\*{5}$/),
    });
    const par = wire.records.find((r) => r.url.pathname.endsWith('/par') && r.status === 201)!;
    expect(par.body!.get('acr_values')).toBe(config.acr_values.commfides);
    expect(par.body!.has('test_pid')).toBe(false);
    // the authority put the Commfides page in front of the browser, and the card signed for it
    expect(signer.seen).toHaveLength(1);
    expect(signer.seen[0]).toMatchObject({ idp: 'commfides', origin: env.info.authority });
    await helseId.tokensSettled();
    expect(
      helseId
        .apis()
        .filter((a) => !config.apis.find((c) => c.name === a.name)?.machine)
        .every((a) => a.state === 'valid'),
    ).toBe(true);
    await helseId.logout({ endSessionInBrowser: false });
  });

  it('buypassCardOnCommfidesPage_isRefusedAsUntrusted', async () => {
    // the Commfides page trusts only the Commfides CA: a Buypass card cannot answer its challenge
    const helseId = createHelseIdClient({
      config,
      openExternal: cardLoginBrowser().openExternal,
      cardAuthenticator: cardSigner(env.info, cards, KARI_BUYPASS_CARD).authenticator,
    });
    await expect(helseId.login({ cardIssuer: 'commfides' })).rejects.toMatchObject({
      code: 'card-authentication-failed',
      detail: { error: 'invalid_token' },
    });
    expect(helseId.user()).toBeUndefined();
  });
});
