// The baseline for bench/portal-launch.ts: the portal logs the clinician in BY ITSELF instead of
// being handed the app's HelseID session — a second authorization code flow, for nhn:kjernejournal,
// in the same browser. It rides HelseID's SSO cookie from the app's login (TestIdP), so it stands for
// the best case of "logging in to the portal separately": no second card and PIN, which in a clinic
// cost a person far more than the requests counted here. Written with the app's own pieces (PAR
// parameters, client assertion with the patient's attest at code redemption, loopback listener,
// Innlogging calls), so that the only difference measured is the second login.
import * as oidc from 'openid-client';
import { assertionClaimsFor } from '../../src/main/auth/assertion-details.ts';
import { authorizationRequestParameters } from '../../src/main/auth/authorization-request.ts';
import { helseIdClientAuth } from '../../src/main/auth/client-auth.ts';
import { clientConfiguration } from '../../src/main/auth/client-configuration.ts';
import { discover } from '../../src/main/auth/discovery.ts';
import { startLoginLeg } from './login-leg.ts';
import type { HelseIdConfig } from '../../src/main/config/index.ts';
import { createDpopSession, type DpopSession } from '../../src/main/dpop/dpop-session.ts';
import { DpopNonces } from '../../src/main/dpop/dpop-nonces.ts';
import type { ClientKey } from '../../src/main/keys/client-key.ts';
import { createSessionRequest, endSessionRequest } from '../../src/main/portals/innlogging-api.ts';
import { innloggingClaims, patientTrustFramework, type PatientChoice } from '../../src/main/portals/patient-claims.ts';
import { kjernejournalLaunchUrl, pkcePair } from '../../src/main/portals/portal-launch.ts';

export interface PortalServer {
  /** the portal's own login and session for one patient; resolves once the browser was sent to the portal */
  open(choice: PatientChoice, openExternal: (url: string) => Promise<void>): Promise<{ end(): Promise<void> }>;
}

/**
 * The portal as its own HelseID client, warm (discovery done, DPoP nonce known) as a server that has
 * run for a while is. `config` is the app's: the portal here uses the same client id and key (the
 * emulator has one desktop client), which changes nothing in the requests counted.
 */
export async function portalServer(
  config: HelseIdConfig,
  clientKey: ClientKey,
  fetchImpl: typeof fetch,
): Promise<PortalServer> {
  const portalOnly: HelseIdConfig = { ...config, apis: [] };
  const kj = config.portals.kjernejournal!;
  let attest: object | undefined;
  const auth = helseIdClientAuth(
    clientKey,
    assertionClaimsFor(
      portalOnly,
      () => undefined,
      (resource) => (resource === kj.resource ? attest : undefined),
    ),
  );
  const discovered = await discover(config.authority.issuer, fetchImpl);
  const configuration = clientConfiguration(
    portalOnly,
    discovered,
    { client_id: config.client.client_id },
    auth,
    fetchImpl,
  );
  const dpop: DpopSession = await createDpopSession(configuration, new DpopNonces());
  return {
    async open(choice, openExternal) {
      attest = patientTrustFramework(config, choice);
      const { state, nonce, verifier, listener } = await startLoginLeg(configuration);
      let token: string;
      try {
        const parameters = authorizationRequestParameters({
          config: portalOnly,
          redirectUri: listener.redirectUri,
          state,
          nonce,
          codeChallenge: await oidc.calculatePKCECodeChallenge(verifier),
          testPid: '13827099842',
        });
        const url = await oidc.buildAuthorizationUrlWithPAR(configuration, parameters, { DPoP: dpop.handle });
        await openExternal(url.href);
        const tokens = await oidc.authorizationCodeGrant(
          configuration,
          await listener.callback,
          { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
          { resource: kj.resource },
          { DPoP: dpop.handle },
        );
        token = tokens.access_token;
      } finally {
        listener.close();
      }
      const connection = {
        baseUrl: kj.innlogging_url,
        sourceSystem: 'Kjernejournal portal (baseline)',
        request: (target: URL, body: string, headers: Headers) =>
          oidc.fetchProtectedResource(configuration, token, target, 'POST', body, headers, { DPoP: dpop.handle }),
      };
      const pkce = await pkcePair();
      const created = await createSessionRequest(connection, pkce.challenge, innloggingClaims(choice));
      await openExternal(kjernejournalLaunchUrl(kj.portal_url, created.code, pkce.verifier));
      return { end: () => endSessionRequest(connection, created.sessionId) };
    },
  };
}
