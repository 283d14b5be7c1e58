// Hostile or broken answers from "the authority", through the app's own client: the embedded
// authority answers for real, and a man in the middle (a fetch wrapper; oidc-provider cannot be
// made to send these) rewrites one response per case. Each login must fail with a specific AppError
// and leave no secret (token, national id number) in the error, its detail or a log line.
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import type { HelseIdConfig } from '../../../src/main/config/index.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';
import { KARI, redirectFollowingBrowser, useConfiguredEnvironment } from './support/auth-harness.ts';

let config: HelseIdConfig;

useConfiguredEnvironment((started) => ({ config } = started));

const LEAKED_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsZWFrIn0.c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw';
type Rewrite = (
  url: URL,
  status: number,
  body: Record<string, unknown>,
) => { status: number; body: Record<string, unknown> } | undefined;

/** A fetch that lets the real authority answer, then rewrites the JSON answers `rewrite` picks. */
function manInTheMiddle(rewrite: Rewrite): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!(response.headers.get('content-type') ?? '').includes('json')) return response;
    const body = (await response.clone().json()) as Record<string, unknown>;
    const changed = rewrite(url, response.status, body);
    if (!changed) return response;
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(changed.body), { status: changed.status, headers });
  };
}

const isCodeRedemption = (url: URL, status: number, body: Record<string, unknown>) =>
  url.pathname.endsWith('/token') && status === 200 && typeof body['id_token'] === 'string';

async function loginThrough(rewrite: Rewrite): Promise<{ error: AppError; log: string[] }> {
  const log: string[] = [];
  const helseId = createHelseIdClient({
    config,
    fetch: manInTheMiddle(rewrite),
    openExternal: redirectFollowingBrowser().openExternal,
    log: (l) => log.push(l),
  });
  const error = await helseId.login({ testPid: KARI }).then(
    () => undefined,
    (e: unknown) => e,
  );
  await helseId.close();
  expect(error).toBeInstanceOf(AppError);
  expect(helseId.user()).toBeUndefined();
  return { error: error as AppError, log };
}

function expectNoSecrets(error: AppError, log: readonly string[]) {
  const text = [error.message, JSON.stringify(error.detail ?? {}), ...log].join('\n');
  expect(text).not.toContain(KARI);
  expect(text).not.toContain(LEAKED_TOKEN);
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
}

describe('hostile authority responses', () => {
  it('tokenError_whoseDescriptionCarriesATokenAndAPid_leaksNeither', async () => {
    const { error, log } = await loginThrough((url, status, body) =>
      isCodeRedemption(url, status, body)
        ? { status: 400, body: { error: 'invalid_grant', error_description: `bad grant ${LEAKED_TOKEN} for ${KARI}` } }
        : undefined,
    );
    expect(error.code).not.toBe('internal');
    expectNoSecrets(error, log);
  });

  it('tokenResponse_withoutAnAccessToken_failsTheLoginCleanly', async () => {
    const { error, log } = await loginThrough((url, status, body) => {
      if (!isCodeRedemption(url, status, body)) return undefined;
      const { access_token: _dropped, ...rest } = body;
      return { status, body: rest };
    });
    expectNoSecrets(error, log);
  });

  it('tokenResponse_withoutAnIdToken_failsTheLogin', async () => {
    const { error, log } = await loginThrough((url, status, body) => {
      if (!isCodeRedemption(url, status, body)) return undefined;
      const { id_token: _dropped, ...rest } = body;
      return { status, body: rest };
    });
    expectNoSecrets(error, log);
  });

  it('tokenResponse_withAForgedIdToken_failsTheLogin', async () => {
    const { error, log } = await loginThrough((url, status, body) =>
      isCodeRedemption(url, status, body) ? { status, body: { ...body, id_token: LEAKED_TOKEN } } : undefined,
    );
    expectNoSecrets(error, log);
  });

  it('tokenResponse_thatIsNotAnObject_failsTheLogin', async () => {
    const { error, log } = await loginThrough((url, status, body) =>
      isCodeRedemption(url, status, body)
        ? { status, body: [KARI, LEAKED_TOKEN] as unknown as Record<string, unknown> }
        : undefined,
    );
    expectNoSecrets(error, log);
  });

  it('discovery_namingAnotherIssuer_isRefused', async () => {
    const { error, log } = await loginThrough((url, status, body) =>
      url.pathname.endsWith('/openid-configuration') && status === 200
        ? { status, body: { ...body, issuer: 'https://evil.example' } }
        : undefined,
    );
    expect(error.code).toMatch(/discovery|authority/);
    expectNoSecrets(error, log);
  });

  it('parResponse_withoutARequestUri_failsTheLogin', async () => {
    const { error, log } = await loginThrough((url, status, body) =>
      url.pathname.endsWith('/par') && status === 201
        ? { status, body: { expires_in: body['expires_in'] } }
        : undefined,
    );
    expectNoSecrets(error, log);
  });
});
