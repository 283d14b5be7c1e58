// The API guard (authority/api-guard) refuses every bad token or proof HELSEID.md "What an API
// checks" lists — one named test per kind — and accepts the good ones. Tokens are minted by hand
// with a key the guard trusts, so each test breaks exactly one rule.
import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { GuardError, type GuardSuccess } from '../../../authority/api-guard/index.ts';
import {
  accessToken,
  AUDIENCE,
  fixture,
  guardFor,
  LEVEL,
  PID,
  proof,
  request,
  unsignedToken,
  URL_,
  type Fixture,
} from './support/guard-fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});

async function refused(
  result: Promise<GuardSuccess | GuardError>,
  error: string,
  description: RegExp,
): Promise<GuardError> {
  const r = await result;
  expect(r).toBeInstanceOf(GuardError);
  const e = r as GuardError;
  expect({ error: e.error, description: e.message }).toMatchObject({
    error,
    description: expect.stringMatching(description),
  });
  return e;
}

const now = () => Math.floor(Date.now() / 1000);

describe('API guard refuses', () => {
  it('wrongIssuer_isRefused', async () => {
    const t = await accessToken(f, { iss: 'https://evil.example' });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /iss/);
  });
  it('twoAudiences_isRefused', async () => {
    const t = await accessToken(f, { aud: [AUDIENCE, 'nhn:other-api'] });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /aud.*one audience/);
  });
  it('expiredToken_isRefused', async () => {
    const t = await accessToken(f, { exp: now() - 60, iat: now() - 400, nbf: now() - 400 });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /exp/);
  });
  it('nbfInFuture_isRefused', async () => {
    const t = await accessToken(f, { nbf: now() + 120 });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /nbf/);
  });
  it('algNone_isRefused', async () => {
    const t = unsignedToken({ iss: 'x', aud: AUDIENCE, exp: now() + 300, scope: ['s'], cnf: { jkt: f.jkt } });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /alg.*none/);
  });
  it('wrongTyp_isRefused', async () => {
    const t = await accessToken(f, {}, { typ: 'JWT' }); // e.g. an ID token offered as access token
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /typ.*at\+jwt/);
  });
  it('scopeMissing_isRefusedWithInsufficientScope403', async () => {
    const t = await accessToken(f, { scope: ['nhn:test/person-api/write'] });
    const e = await refused(guardFor(f).verify(request(t, await proof(f, t))), 'insufficient_scope', /lacks scope/);
    expect(e.status).toBe(403);
  });
  it('scopeAsSpaceSeparatedString_isRefused', async () => {
    const t = await accessToken(f, { scope: 'nhn:test/person-api/read' });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /JSON array/);
  });
  it('tokenSignedByUnknownKey_isRefused', async () => {
    const stranger = await generateKeyPair('RS256');
    const t = await accessToken({ ...f, authorityKey: stranger.privateKey });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /signature/);
  });
  it('bearerSchemeOnDpopEndpoint_isRefused', async () => {
    const t = await accessToken(f);
    await refused(guardFor(f).verify(request(t, undefined, { scheme: 'Bearer' })), 'invalid_token', /Bearer/);
  });
  it('jktMismatch_proofFromAnotherKey_isRefused', async () => {
    const t = await accessToken(f);
    const other = (await generateKeyPair('ES256', { extractable: true })) as CryptoKeyPair;
    await refused(guardFor(f).verify(request(t, await proof(f, t, { keys: other }))), 'invalid_token', /cnf\.jkt/);
  });
  it('athMismatch_isRefused', async () => {
    const t = await accessToken(f);
    await refused(
      guardFor(f).verify(request(t, await proof(f, t, { ath: 'A'.repeat(43) }))),
      'invalid_dpop_proof',
      /ath/,
    );
  });
  it('htmMismatch_isRefused', async () => {
    const t = await accessToken(f);
    await refused(guardFor(f).verify(request(t, await proof(f, t, { htm: 'POST' }))), 'invalid_dpop_proof', /htm/);
  });
  it('htuWithQuery_isRefused', async () => {
    const t = await accessToken(f);
    const withQuery = `${URL_}?patient=1`;
    await refused(
      guardFor(f).verify(request(t, await proof(f, t, { htu: withQuery }), { url: withQuery })),
      'invalid_dpop_proof',
      /htu.*no query/,
    );
  });
  it('proofIatTooOld_isRefused', async () => {
    const t = await accessToken(f);
    await refused(guardFor(f).verify(request(t, await proof(f, t, { iat: now() - 600 }))), 'invalid_dpop_proof', /iat/);
  });
  it('replayedJti_isRefused', async () => {
    const guard = guardFor(f);
    const t = await accessToken(f);
    const p = await proof(f, t);
    expect(await guard.verify(request(t, p))).toMatchObject({ ok: true });
    await refused(guard.verify(request(t, p)), 'invalid_dpop_proof', /replay/);
  });
  it('privateKeyInProofJwk_isRefused', async () => {
    const t = await accessToken(f);
    const { exportJWK } = await import('jose');
    const privateJwk = await exportJWK(f.dpopKeys.privateKey);
    await refused(
      guardFor(f).verify(request(t, await proof(f, t, { jwk: privateJwk }))),
      'invalid_dpop_proof',
      /private key/,
    );
  });
  it('missingNonceWhenRequired_answersUseDpopNonceWithHeader_thenAcceptsTheNonce', async () => {
    const guard = guardFor(f, { dpopNonce: true });
    const t = await accessToken(f);
    const e = await refused(guard.verify(request(t, await proof(f, t))), 'use_dpop_nonce', /requires a DPoP nonce/);
    expect(e.status).toBe(401);
    const headers = e.headers(guard.algorithms);
    expect(headers['WWW-Authenticate']).toMatch(/^DPoP error="use_dpop_nonce"/);
    expect(headers['DPoP-Nonce']).toBeTruthy();
    const ok = await guard.verify(request(t, await proof(f, t, { nonce: headers['DPoP-Nonce'] })));
    expect(ok).toMatchObject({ ok: true, responseHeaders: { 'DPoP-Nonce': expect.any(String) } });
    await refused(
      guard.verify(request(t, await proof(f, t, { nonce: 'made-up' }))),
      'use_dpop_nonce',
      /stale or unknown/,
    );
  });
  it('useDpopNonceAnswer_consumesNothing_theSameProofJtiWithTheNonceIsAccepted', async () => {
    // the nonce is checked before the proof's jti is recorded: a client whose retry keeps the jti
    // (as HelseID.Library.Java keeps its whole request) is not refused as a replay
    const guard = guardFor(f, { dpopNonce: true });
    const t = await accessToken(f);
    const jti = 'same-jti-for-both-tries';
    const e = await refused(
      guard.verify(request(t, await proof(f, t, { jti }))),
      'use_dpop_nonce',
      /requires a DPoP nonce/,
    );
    const ok = await guard.verify(
      request(t, await proof(f, t, { jti, nonce: e.headers(guard.algorithms)['DPoP-Nonce'] })),
    );
    expect(ok).toMatchObject({ ok: true });
    // once accepted, the jti IS spent
    await refused(
      guard.verify(request(t, await proof(f, t, { jti, nonce: e.headers(guard.algorithms)['DPoP-Nonce'] }))),
      'invalid_dpop_proof',
      /replay/,
    );
  });
  it('securityLevel3OnUserEndpoint_isRefused', async () => {
    const t = await accessToken(f, { [LEVEL]: '3' });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /security_level "4"/);
  });
  it('machineTokenOnUserEndpoint_isRefused', async () => {
    const t = await accessToken(f, { sub: 'desktop', [PID]: undefined, [LEVEL]: undefined });
    await refused(guardFor(f).verify(request(t, await proof(f, t))), 'invalid_token', /user token is required/);
  });
  it('userTokenOnMachineOnlyEndpoint_isRefused403', async () => {
    const t = await accessToken(f);
    const e = await refused(
      guardFor(f, { userEndpoint: false, machineOnly: true }).verify(request(t, await proof(f, t))),
      'invalid_token',
      /machine tokens.*only/,
    );
    expect(e.status).toBe(403);
  });
  it('noAuthorization_challengesWithoutErrorCode', async () => {
    const e = (await guardFor(f).verify({ method: 'GET', url: URL_, headers: {} })) as GuardError;
    expect(e.status).toBe(401);
    expect(e.headers(['ES256'])['WWW-Authenticate']).toBe('DPoP algs="ES256"');
  });
  it('refusal_challengeCarriesErrorDescriptionAndAlgs', async () => {
    const t = await accessToken(f, { iss: 'https://evil.example' });
    const e = (await guardFor(f).verify(request(t, await proof(f, t)))) as GuardError;
    expect(e.headers(['ES256', 'RS256'])['WWW-Authenticate']).toMatch(
      /^DPoP error="invalid_token", error_description="[^"]+", algs="ES256 RS256"$/,
    );
  });
});

describe('API guard accepts', () => {
  it('goodUserToken_returnsClaimsKindUserAndClient', async () => {
    const t = await accessToken(f);
    expect(await guardFor(f).verify(request(t, await proof(f, t)))).toMatchObject({
      ok: true,
      kind: 'user',
      clientId: 'desktop',
      claims: { [PID]: '13827099842' },
    });
  });
  it('goodMachineToken_atMachineOnlyEndpoint_kindMachine', async () => {
    const t = await accessToken(f, { sub: 'desktop', [PID]: undefined, [LEVEL]: undefined });
    expect(
      await guardFor(f, { userEndpoint: false, machineOnly: true }).verify(request(t, await proof(f, t))),
    ).toMatchObject({ ok: true, kind: 'machine' });
  });
  it('exchangedToken_surfacesActAndOriginalClientId', async () => {
    const t = await accessToken(f, {
      client_id: 'front-api',
      act: { client_id: 'front-api' },
      'helseid://claims/client/original_client_id': 'desktop',
    });
    expect(await guardFor(f).verify(request(t, await proof(f, t)))).toMatchObject({
      ok: true,
      clientId: 'front-api',
      actor: { client_id: 'front-api' },
      originalClientId: 'desktop',
    });
  });
  it('childOrganization_isReportedButNeverUsedForAccessControl', async () => {
    // The child orgnr is asserted by the client and not verified by HelseID for multi-tenant
    // clients: two tokens that differ only in it must get the same decision.
    const guard = guardFor(f, { userEndpoint: false, machineOnly: true });
    const machine = {
      sub: 'desktop',
      [PID]: undefined,
      [LEVEL]: undefined,
      'helseid://claims/client/claims/orgnr_parent': '912345678',
    };
    const known = await accessToken(f, { ...machine, 'helseid://claims/client/claims/orgnr_child': '912345679' });
    const bogus = await accessToken(f, { ...machine, 'helseid://claims/client/claims/orgnr_child': '000000000' });
    const a = await guard.verify(request(known, await proof(f, known)));
    const b = await guard.verify(request(bogus, await proof(f, bogus)));
    expect(a).toMatchObject({ ok: true, organization: { parent: '912345678', child: '912345679' } });
    expect(b).toMatchObject({ ok: true, organization: { child: '000000000' } });
  });
  it('clockLeeway_tokenJustExpiredWithinLeeway_isAccepted', async () => {
    const t = await accessToken(f, { exp: now() - 2 });
    expect(await guardFor(f, { leewaySeconds: 5 }).verify(request(t, await proof(f, t)))).toMatchObject({ ok: true });
  });
});
