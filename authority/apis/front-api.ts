// The front demo API calls the back demo API on the user's behalf: it exchanges the user's token
// (addressed to the front API) for one addressed to the back API, authenticating as its own client.
// Played with openid-client, an independent implementation of the client side of token exchange.
import * as client from 'openid-client';
import { importJWK } from 'jose';
import type { IncomingMessage } from 'node:http';
import { API_DEFINITIONS, CLAIM } from '../settings.ts';
import type { ClientKey } from '../state/keys.ts';
import type { DemoApiRoute } from './demo-api-server.ts';
import type { GuardSuccess } from '../api-guard/index.ts';
import { ACCESS_TOKEN_TYPE } from '../provider/token-exchange.ts';
import { TOKEN_EXCHANGE_GRANT } from '../provider/clients.ts';

const backApi = API_DEFINITIONS.find((a) => a.name === 'back')!;

export interface FrontApiDeps {
  issuer: string;
  actorKey: ClientKey;
  backUrl: () => string;
}

export function frontApiRoutes(d: FrontApiDeps): DemoApiRoute[] {
  let session: Promise<{ config: client.Configuration; dpop: client.DPoPHandle }> | undefined;
  const connect = async () => {
    const key = await importJWK(d.actorKey.privateJwk, d.actorKey.privateJwk.alg);
    const config = await client.discovery(
      new URL(d.issuer),
      d.actorKey.clientId,
      { dpop_bound_access_tokens: true },
      client.PrivateKeyJwt(
        { key: key as CryptoKey, kid: d.actorKey.privateJwk.kid },
        {
          [client.modifyAssertion]: (h) => {
            h.typ = 'client-authentication+jwt';
          },
        },
      ),
      { execute: [client.allowInsecureRequests] },
    );
    return { config, dpop: client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256')) };
  };
  return [
    {
      method: 'GET',
      path: '/api/front/overview',
      handle: async ({ claims }: GuardSuccess, req: IncomingMessage) => {
        session ??= connect();
        const { config, dpop } = await session.catch((err: unknown) => {
          session = undefined;
          throw err;
        });
        const subjectToken = (req.headers.authorization ?? '').split(' ')[1]!;
        const exchanged = await client.genericGrantRequest(
          config,
          TOKEN_EXCHANGE_GRANT,
          {
            subject_token: subjectToken,
            subject_token_type: ACCESS_TOKEN_TYPE,
            scope: backApi.scopes.join(' '),
          },
          { DPoP: dpop },
        );
        const res = await client.fetchProtectedResource(
          config,
          exchanged.access_token,
          new URL('/api/back/data', d.backUrl()),
          'GET',
          undefined,
          undefined,
          { DPoP: dpop },
        );
        return {
          api: 'front',
          user: claims[CLAIM.pid] ? 'present' : 'absent',
          issued_token_type: exchanged.issued_token_type,
          back: await res.json(),
        };
      },
    },
  ];
}

export const backApiRoutes: DemoApiRoute[] = [
  {
    method: 'GET',
    path: '/api/back/data',
    handle: ({ claims, actor, originalClientId }) => ({
      api: 'back',
      accepted: {
        client_id: claims.client_id,
        act: actor,
        original_client_id: originalClientId,
        pid: claims[CLAIM.pid],
        security_level: claims[CLAIM.securityLevel],
        aud: claims.aud,
      },
    }),
  },
];
