// /connect/availableidps: the identity providers this authority offers, with the acr_values that
// select each. The response shape of real HelseID is UNCONFIRMED; clients should only read
// `acr_values` and `name` from it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityProvider } from '../settings.ts';
import { sendJson } from './io.ts';

export function availableIdpsHandler(idps: readonly IdentityProvider[]) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    sendJson(
      res,
      200,
      idps.map((p) => ({
        idp: p.idp,
        name: p.displayName,
        acr_values: p.acrValues[0],
        alternative_acr_values: p.acrValues.slice(1),
        security_level: p.kind === 'testidp' ? ['2', '3', '4'] : ['4'],
        smart_card: p.kind !== 'testidp',
      })),
    );
  };
}
