// The machine-to-machine demo API (modelled on a register lookup a practice system runs without a
// person at the keyboard): only client-credentials tokens, and it wants DPoP nonces. It shows the
// client and organization claims it saw — and deliberately decides nothing on the child
// organization, which the client asserts and HelseID does not verify for multi-tenant clients.
import type { DemoApiRoute } from './demo-api-server.ts';

export const registryApiRoutes: DemoApiRoute[] = [
  {
    method: 'GET',
    path: '/api/registry/units',
    handle: ({ claims, kind, clientId, organization }) => ({
      api: 'registry',
      accepted: { kind, client_id: clientId, aud: claims.aud, scope: claims.scope, organization },
      // the same answer for every child organization: access is decided by client and scope only
      units: [{ id: 'demo-unit-1', name: 'Demo unit (synthetic)' }],
    }),
  },
];
