// The person-lookup demo API: answers with the claims it accepted, so a client (and its tests)
// can see exactly what reached the API.
import { CLAIM } from '../settings.ts';
import type { DemoApiRoute } from './demo-api-server.ts';

export const personApiRoutes: DemoApiRoute[] = [
  {
    method: 'GET',
    path: '/api/person/me',
    handle: ({ claims }) => ({
      api: 'person',
      accepted: {
        sub: claims.sub,
        name: claims.name,
        pid: claims[CLAIM.pid],
        hpr_number: claims[CLAIM.hprNumber],
        security_level: claims[CLAIM.securityLevel],
        idp: claims.idp,
        client_id: claims.client_id,
        aud: claims.aud,
        scope: claims.scope,
        jkt: (claims.cnf as { jkt?: string }).jkt,
        [CLAIM.orgnrParent]: claims[CLAIM.orgnrParent],
        [CLAIM.orgnrChild]: claims[CLAIM.orgnrChild],
      },
    }),
  },
];
