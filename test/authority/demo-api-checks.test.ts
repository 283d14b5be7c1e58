// The person API refuses every request HELSEID.md's "What an API checks" rules out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startDesktopEnvironment, type TestEnvironment } from './support/test-environment.ts';
import type { DesktopClient } from './support/desktop-client.ts';
import { dpopProof } from './support/raw-requests.ts';
import { LAV_SIKKERHET, testIdpTokens } from './support/logins.ts';

let env: TestEnvironment;
let desktop: DesktopClient;
let accessToken: string;
let meUrl: string;

beforeAll(async () => {
  ({ env, desktop } = await startDesktopEnvironment());
  accessToken = (await testIdpTokens(env, desktop)).access_token;
  meUrl = `${env.api('person').url}/api/person/me`;
});
afterAll(() => env?.stop());

async function call(authorization: string, proof?: string, url = meUrl) {
  const res = await fetch(url, { headers: { authorization, ...(proof ? { DPoP: proof } : {}) } });
  return {
    status: res.status,
    body: (await res.json()) as { error?: string; error_description?: string },
    challenge: res.headers.get('www-authenticate'),
  };
}

describe('person API token and proof checks', () => {
  it('personApi_withValidProof_accepts', async () => {
    const res = await call(`DPoP ${accessToken}`, await dpopProof(desktop.dpopKeys, 'GET', meUrl, { accessToken }));
    expect(res.status).toBe(200);
  });

  it('personApi_withBearerScheme_isRefused', async () => {
    const res = await call(`Bearer ${accessToken}`);
    expect(res.status).toBe(401);
    expect(res.body.error_description).toMatch(/Bearer/);
    expect(res.challenge).toMatch(/^DPoP /);
  });

  it('personApi_withHtuCarryingQuery_isRefused', async () => {
    const res = await call(
      `DPoP ${accessToken}`,
      await dpopProof(desktop.dpopKeys, 'GET', `${meUrl}?x=1`, { accessToken }),
      `${meUrl}?x=1`,
    );
    expect(res.body.error).toBe('invalid_dpop_proof');
    expect(res.body.error_description).toMatch(/htu/);
  });

  it('personApi_withWrongAth_isRefused', async () => {
    const res = await call(
      `DPoP ${accessToken}`,
      await dpopProof(desktop.dpopKeys, 'GET', meUrl, { ath: 'A'.repeat(43) }),
    );
    expect(res.body.error_description).toMatch(/ath/);
  });

  it('personApi_withReplayedProof_isRefused', async () => {
    const proof = await dpopProof(desktop.dpopKeys, 'GET', meUrl, { accessToken });
    expect((await call(`DPoP ${accessToken}`, proof)).status).toBe(200);
    const replay = await call(`DPoP ${accessToken}`, proof);
    expect(replay.status).toBe(401);
    expect(replay.body.error_description).toMatch(/replay/);
  });

  it('personApi_withProofFromAnotherKey_isRefused', async () => {
    const other = await client.randomDPoPKeyPair('ES256');
    const res = await call(`DPoP ${accessToken}`, await dpopProof(other, 'GET', meUrl, { accessToken }));
    expect(res.body.error_description).toMatch(/cnf\.jkt/);
  });

  it('personApi_withWrongHtm_isRefused', async () => {
    const res = await call(`DPoP ${accessToken}`, await dpopProof(desktop.dpopKeys, 'POST', meUrl, { accessToken }));
    expect(res.body.error_description).toMatch(/htm/);
  });

  it('personApi_withOldProof_isRefused', async () => {
    const res = await call(
      `DPoP ${accessToken}`,
      await dpopProof(desktop.dpopKeys, 'GET', meUrl, { accessToken, iat: Math.floor(Date.now() / 1000) - 600 }),
    );
    expect(res.body.error_description).toMatch(/iat/);
  });

  it('personApi_withTokenForAnotherApi_isRefused', async () => {
    const recordToken = (await testIdpTokens(env, desktop, { apis: ['record', 'person'] })).access_token;
    const res = await call(
      `DPoP ${recordToken}`,
      await dpopProof(desktop.dpopKeys, 'GET', meUrl, { accessToken: recordToken }),
    );
    expect(res.status).toBe(401);
    expect(res.body.error_description).toMatch(/aud/);
  });

  it('personApi_withSecurityLevel3User_isRefused', async () => {
    const low = (await testIdpTokens(env, desktop, { pid: LAV_SIKKERHET, level: '3' })).access_token;
    const res = await call(`DPoP ${low}`, await dpopProof(desktop.dpopKeys, 'GET', meUrl, { accessToken: low }));
    expect(res.body.error_description).toMatch(/security_level/);
  });

  it('personApi_withTamperedToken_isRefused', async () => {
    const [h, p, s] = accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    payload['helseid://claims/identity/pid'] = '01010100000';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const res = await call(`DPoP ${forged}`, await dpopProof(desktop.dpopKeys, 'GET', meUrl, { accessToken: forged }));
    expect(res.body.error).toBe('invalid_token');
  });
});
