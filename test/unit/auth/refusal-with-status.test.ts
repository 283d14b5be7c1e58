// An answer with an HTTP error status and a body that is not OAuth JSON (a 401 page from a proxy or
// the authority) is a refusal: the CLI must never say "could not be reached" for it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAuthError } from '../../../src/main/auth/map-auth-error.ts';
import { failureLines } from '../../../src/main/cli/failure.ts';

let server: Server;
let base: URL;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'text/html' });
    res.end('<html><body>401 Unauthorized</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function libraryError(): Promise<unknown> {
  try {
    await oidc.discovery(base, 'client', undefined, undefined, { execute: [oidc.allowInsecureRequests] });
  } catch (err) {
    return err;
  }
  throw new Error('discovery against a 401 answer did not fail');
}

describe('refusal with an HTTP status and a non-JSON body', () => {
  it('401HtmlAnswer_isAuthorityErrorWithStatus_notUnreachable', async () => {
    const err = toAuthError(await libraryError(), 'discovery');
    expect(err.code).toBe('authority-error');
    expect(err.detail).toEqual(expect.objectContaining({ status: 401 }));
  });

  it('401HtmlAnswer_fromAnApi_isApiRefused', async () => {
    expect(toAuthError(await libraryError(), 'api').code).toBe('api-refused');
  });

  it('cliFailureText_saysHelseIdAnsweredWithAnError_inBothLanguages_neverCouldNotBeReached', async () => {
    const err = toAuthError(await libraryError(), 'par');
    const en = failureLines(err, 'en').join('\n');
    const nb = failureLines(err, 'nb').join('\n');
    expect(en).toContain('HelseID answered with an error.');
    expect(en).not.toMatch(/could not be reached/);
    expect(nb).toContain('HelseID svarte med en feil.');
    expect(nb).not.toMatch(/nås ikke|ikke nås/);
  });
});
