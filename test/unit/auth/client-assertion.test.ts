// The client assertion HelseID wants: typ client-authentication+jwt, iss = sub = client_id,
// aud = issuer, a short life, a new jti every time, the measured clock skew applied, and the
// structured claims only on the token requests that should carry them.
import * as oidc from 'openid-client';
import { decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { assertionClaimsFor } from '../../../src/main/auth/assertion-details.ts';
import { authenticateForm, helseIdClientAuth } from '../../../src/main/auth/client-auth.ts';
import type { ClientKey } from '../../../src/main/keys/client-key.ts';
import { configSchema } from '../../../src/main/config/config-schema.ts';
import { hasClient, type ConfigFile } from '../../../src/main/config/index.ts';
import { discover } from '../../../src/main/auth/discovery.ts';

const config = withClient(
  configSchema.parse({
    authority: { kind: 'helseid-test', issuer: 'https://helseid-sts.test.nhn.no' },
    client: { client_id: 'my-client', private_jwk_path: '/k' },
    apis: [
      { name: 'person', resource: 'nhn:person', scopes: ['nhn:person/read'], base_url: 'https://p.example' },
      {
        name: 'kj',
        resource: 'nhn:kjernejournal',
        scopes: ['nhn:kjernejournal/tillitsrammeverk'],
        base_url: 'https://kj.example',
        tillitsrammeverk: true,
      },
    ],
    organizations: [{ number: '999888777', name: 'Avd. 2' }],
    parent_organization: '111222333',
    assertion_details_claim: 'authorization_details',
  }),
);
const server = {
  issuer: 'https://helseid-sts.test.nhn.no',
  token_endpoint: 'https://helseid-sts.test.nhn.no/connect/token',
};

async function assertionFor(fields: Record<string, string>, options: { skew?: number; org?: string } = {}) {
  const { privateKey } = await generateKeyPair('ES256');
  const auth = helseIdClientAuth(
    { key: privateKey, kid: 'k1' },
    assertionClaimsFor(config, () => options.org),
  );
  const body = new URLSearchParams(fields);
  await auth(server, { client_id: 'my-client', [oidc.clockSkew]: options.skew ?? 0 }, body, new Headers());
  const jwt = body.get('client_assertion')!;
  return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt), body };
}

describe('client assertion', () => {
  it('everyAssertion_hasHelseIdHeaderClaimsShortLifeAndFreshJti', async () => {
    const a = await assertionFor({ grant_type: 'refresh_token', resource: 'nhn:person' });
    const b = await assertionFor({ grant_type: 'refresh_token', resource: 'nhn:person' });
    expect(a.header).toMatchObject({ typ: 'client-authentication+jwt', alg: 'ES256', kid: 'k1' });
    expect(a.claims).toMatchObject({ iss: 'my-client', sub: 'my-client', aud: server.issuer });
    expect(a.claims.exp! - a.claims.iat!).toBe(30);
    expect(a.claims.jti).not.toBe(b.claims.jti);
    expect(a.body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(a.claims['authorization_details']).toBeUndefined();
  });

  it('measuredClockSkew_shiftsIatByTheSkew', async () => {
    const { claims } = await assertionFor({ grant_type: 'refresh_token' }, { skew: -600 });
    expect(Math.abs(claims.iat! - (Math.floor(Date.now() / 1000) - 600))).toBeLessThanOrEqual(2);
  });

  it('childOrganization_isInTokenRequestsOnly_underTheConfiguredClaimName', async () => {
    const token = await assertionFor({ grant_type: 'refresh_token', resource: 'nhn:person' }, { org: '999888777' });
    expect(token.claims['authorization_details']).toEqual([
      {
        type: 'helseid_authorization',
        practitioner_role: {
          organization: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.101', type: 'ENH', value: '999888777' } },
        },
      },
    ]);
    const par = await assertionFor({ response_type: 'code', resource: 'nhn:person' }, { org: '999888777' });
    expect(par.claims['authorization_details']).toBeUndefined();
  });

  it('tillitsrammeverk_onlyForTheApiThatNeedsIt_neverInPar', async () => {
    const kj = await assertionFor({ grant_type: 'refresh_token', resource: 'nhn:kjernejournal' });
    const details = kj.claims['authorization_details'] as {
      type: string;
      practitioner: { legal_entity: { id: string } };
    }[];
    expect(details.map((d) => d.type)).toEqual(['nhn:tillitsrammeverk:parameters']);
    expect(details[0]!.practitioner.legal_entity.id).toBe('111222333');
    const person = await assertionFor({ grant_type: 'refresh_token', resource: 'nhn:person' });
    expect(person.claims['authorization_details']).toBeUndefined();
    const par = await assertionFor({ response_type: 'code', resource: 'nhn:kjernejournal' });
    expect(par.claims['authorization_details']).toBeUndefined();
  });
});

describe('a key renewed while the client authentication is in use', () => {
  it('keyGetter_isAskedAtEverySignature_soAssertionsMadeAfterARenewalCarryTheNewKid', async () => {
    // a session, machine-token line or card back channel built before a renewal keeps its ClientAuth;
    // the key must come from the store at the moment each assertion is signed
    const keys: ClientKey[] = [
      { key: (await generateKeyPair('PS256')).privateKey, kid: 'old' },
      { key: (await generateKeyPair('PS256')).privateKey, kid: 'new' },
    ];
    let current = keys[0]!;
    const auth = helseIdClientAuth(
      async () => current,
      assertionClaimsFor(config, () => undefined),
    );
    const metadata = { client_id: 'my-client', [oidc.clockSkew]: 0 };
    const kidOf = (form: URLSearchParams) => decodeProtectedHeader(form.get('client_assertion')!).kid;

    const refresh = new URLSearchParams({ grant_type: 'refresh_token' });
    await auth(server, metadata, refresh, new Headers());
    expect(kidOf(refresh)).toBe('old');

    current = keys[1]!; // the renewal promoted the new key
    const afterRenewal = new URLSearchParams({ grant_type: 'refresh_token' });
    await auth(server, metadata, afterRenewal, new Headers());
    expect(kidOf(afterRenewal)).toBe('new');
    const cardForm = new URLSearchParams({ request_uri: 'urn:x' });
    await authenticateForm(server, metadata, auth, cardForm);
    expect(kidOf(cardForm)).toBe('new');
  });

  it('keyGetterFailing_failsTheRequestWithItsError_insteadOfSigningWithAStaleKey', async () => {
    const expired = new Error('client-key-expired');
    const auth = helseIdClientAuth(() => Promise.reject(expired));
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    await expect(auth(server, { client_id: 'my-client' }, body, new Headers())).rejects.toBe(expired);
    expect(body.get('client_assertion')).toBeNull();
  });
});

describe('clock skew from discovery', () => {
  const metadata = {
    issuer: 'https://helseid-sts.test.nhn.no',
    authorization_endpoint: 'https://helseid-sts.test.nhn.no/connect/authorize',
  };
  const answering =
    (offsetMs: number): typeof fetch =>
    async () =>
      new Response(JSON.stringify(metadata), {
        headers: { 'content-type': 'application/json', date: new Date(Date.now() + offsetMs).toUTCString() },
      });

  it('serverTenMinutesAhead_givesSkewOfSixHundredSeconds', async () => {
    const d = await discover(metadata.issuer, answering(600_000));
    expect(Math.abs(d.clockSkewSeconds - 600)).toBeLessThanOrEqual(1);
  });

  it('serverWithinASecond_givesNoSkew', async () => {
    expect((await discover(metadata.issuer, answering(300))).clockSkewSeconds).toBe(0);
  });

  it('authorityDown_isAuthorityUnreachable', async () => {
    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    await expect(discover(metadata.issuer, down)).rejects.toMatchObject({
      code: 'authority-unreachable',
      retriable: true,
    });
  });
});

function withClient(config: ConfigFile) {
  if (!hasClient(config)) throw new Error('the test configuration has a client');
  return config;
}
