// Issue 21, item 9: the emulated Selvbetjening refuses what the real one would (or, where no NHN
// document says, what our stated assumption refuses — authority/README.md's source column): keys
// that are no keys (e = 1, a 4 kB exponent, a 320,000-bit "modulus"), one public key for two
// clients, a confirmation redirect off this machine, PUT /v1/client widening what a person confirmed,
// and a person without an Altinn role for the organization confirming for it. Driven as a client
// written from NHN's documents (support/selvbetjening-client.ts), not the app's code.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerConfirmation,
  clientCredentials,
  draftBody,
  newRsaKey,
  postDraft,
  provisionClient,
  selvbetjeningCall,
  SELVBETJENING_SCOPE,
  startSelvbetjeningEnv,
  type SelvbetjeningEnv,
} from './support/selvbetjening-client.ts';

let env: SelvbetjeningEnv;
beforeAll(async () => {
  env = await startSelvbetjeningEnv();
});
afterAll(async () => {
  await env?.close();
  if (env) await rm(env.stateDir, { recursive: true, force: true });
});

const b64 = (bytes: Buffer) => bytes.toString('base64url');

/** A draft whose public key has `change` applied; the answer's publicJwk rule, if refused. */
async function draftWithKey(change: (jwk: Record<string, unknown>) => Record<string, unknown>) {
  const key = await newRsaKey();
  const answer = await postDraft(env, draftBody({ ...key, publicJwk: change({ ...key.publicJwk }) }, 'object'));
  return { answer, rule: String((answer.body.errors as Record<string, string[]> | undefined)?.['publicJwk']?.[0]) };
}

describe('keys that are no keys are refused', () => {
  it('rsaExponentOne_isRefused_namingTheRule', async () => {
    const { answer, rule } = await draftWithKey((jwk) => ({ ...jwk, e: b64(Buffer.from([1])) }));
    expect(answer.status).toBe(400);
    expect(rule).toMatch(/public exponent "e" must be odd, at least 65537/);
  });

  it('rsaExponentOf4kB_isRefused', async () => {
    const { answer, rule } = await draftWithKey((jwk) => ({ ...jwk, e: b64(Buffer.alloc(4096, 0xff)) }));
    expect(answer.status).toBe(400);
    expect(rule).toMatch(/public exponent/);
  });

  it('aModulusOf320000Bits_isRefused_asTooLong', async () => {
    const n = Buffer.alloc(40_000, 0xab);
    n[n.length - 1] = 0xab; // odd
    const { answer, rule } = await draftWithKey((jwk) => ({ ...jwk, n: b64(n) }));
    expect(answer.status).toBe(400);
    expect(rule).toMatch(/RSA modulus of 320000 bits is too long \(at most 8192; our assumption\)/);
  });

  it('aRealKey_stillPasses', async () => {
    const { answer } = await draftWithKey((jwk) => jwk);
    expect(answer.status).toBe(200);
  });
});

describe('one key, one client', () => {
  it('thePublicKeyOfAnotherClient_isRefusedForANewDraft_andAsAnotherClientsNewKey', async () => {
    const first = await provisionClient(env);
    const again = await postDraft(env, draftBody(first.key, 'object'));
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already registered for another client: every client needs its own key pair/);

    const second = await provisionClient(env);
    const token = await clientCredentials(env.info, second.clientId, second.key.privateJwk, {
      scope: SELVBETJENING_SCOPE,
    });
    expect(token.status).toBe(200);
    const borrowed = await selvbetjeningCall(
      env.info,
      'POST',
      '/v1/client-secret',
      { access_token: token.body.access_token as string, dpopKeys: token.dpopKeys },
      first.key.publicJwk,
    );
    expect(borrowed.status).toBe(409);
  });
});

describe('the confirmation goes back to this machine only', () => {
  it.each(['https://evil.example/collect', 'http://192.168.1.10:8080/cb', 'http://127.0.0.1:5000/cb#frag'])(
    'postClientConfirmationRedirectUri %s_isRefused',
    async (uri) => {
      const answer = await postDraft(
        env,
        draftBody(await newRsaKey(), 'object', { postClientConfirmationRedirectUri: uri }),
      );
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body.errors)).toMatch(/must be an http address on this machine/);
    },
  );
});

describe('PUT /v1/client may narrow what a person confirmed, not widen it', () => {
  async function put(changes: Record<string, unknown>) {
    const c = await provisionClient(env);
    const token = await clientCredentials(env.info, c.clientId, c.key.privateJwk, { scope: SELVBETJENING_SCOPE });
    const auth = { access_token: token.body.access_token as string, dpopKeys: token.dpopKeys };
    const current = await selvbetjeningCall(env.info, 'GET', '/v1/client', auth);
    const body = {
      apiScopes: (current.body.apiScopes as { scope: string }[]).map((s) => s.scope),
      audienceSpecificClientClaims: null,
      redirectUris: current.body.redirectUris,
      postLogoutRedirectUris: current.body.postLogoutRedirectUris,
      childOrganizationNumbers: current.body.childOrganizationNumbers,
      ...changes,
    };
    return selvbetjeningCall(env.info, 'PUT', '/v1/client', auth, body);
  }

  it('addingAChildOrganization_isRefused', async () => {
    const answer = await put({ childOrganizationNumbers: ['987654325', '911111111'] });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.errors)).toMatch(
      /childOrganizationNumbers.*adds 911111111, which nobody confirmed/,
    );
  });

  it('addingARedirectUri_isRefused', async () => {
    const answer = await put({ redirectUris: ['http://127.0.0.1/callback', 'https://elsewhere.example/cb'] });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.errors)).toMatch(/redirectUris.*adds https:\/\/elsewhere\.example\/cb/);
  });

  it('removingAChildOrganization_isAllowed', async () => {
    expect((await put({ childOrganizationNumbers: [] })).status).toBe(200);
  });
});

describe('only someone with an Altinn role for the organization confirms for it', () => {
  it('aTestPersonWithoutARole_getsFailed_andTheDraftIsRefused_whileKariConfirms', async () => {
    const key = await newRsaKey();
    const created = await postDraft(env, draftBody(key, 'object'));
    const ola = '02857199823'; // Ola Hansen: a test person without a role for 912345688
    const { answer } = await answerConfirmation(env, created.body.clientId as string, 'confirm', ola);
    expect(answer.headers.get('location')).toMatch(/status=Failed$/);
    expect(env.logLines.join('\n')).toMatch(/Ola Hansen has no Altinn role for organization 912345688/);
    // an organization nobody here has a role for: not even Kari can confirm it
    const elsewhere = await postDraft(env, draftBody(await newRsaKey(), 'object', { organizationNumber: '999999999' }));
    const kari = await answerConfirmation(env, elsewhere.body.clientId as string, 'confirm');
    expect(kari.answer.headers.get('location')).toMatch(/status=Failed$/);
    const ours = await postDraft(env, draftBody(await newRsaKey(), 'object'));
    const confirmed = await answerConfirmation(env, ours.body.clientId as string, 'confirm');
    expect(confirmed.answer.headers.get('location')).toMatch(/status=Success$/);
  });
});
