// The `provisioning` block: an alternative to `client` (never both, never neither), known
// Selvbetjening URLs filled in by name, key store and renewal defaults, and errors naming the field.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/main/config/index.ts';
import { AppError } from '../../../src/shared/errors/app-error.ts';

const base = {
  authority: { kind: 'helseid-test', issuer: 'https://helseid-sts.test.nhn.no' },
  apis: [
    { name: 'person', resource: 'nhn:person', scopes: ['nhn:person/read'], base_url: 'https://person.example.no' },
  ],
};
const provisioning = {
  selvbetjening: { kind: 'test' },
  api_key_path: 'C:\\ProgramData\\HelseID Desktop\\selvbetjening-api-key.txt',
  organization_number: '912345678',
};

function problems(input: unknown): string[] {
  try {
    parseConfigText(JSON.stringify(input), '/etc/helseid-desktop/config.json');
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message.split('\n');
  }
  return [];
}

describe('provisioning configuration', () => {
  it('provisioningInsteadOfClient_isAccepted_withKnownUrlsAndDefaults', () => {
    const config = parseConfigText(JSON.stringify({ ...base, provisioning }), 'config.json');
    expect(config.client).toBeUndefined();
    expect(config.provisioning).toEqual({
      selvbetjening: {
        kind: 'test',
        api_url: 'https://api.selvbetjening.test.nhn.no',
        web_url: 'https://selvbetjening.test.nhn.no',
      },
      api_key_path: provisioning.api_key_path,
      organization_number: '912345678',
      child_organization_numbers: [],
      key_store: { protection: 'os', scope: 'account', allow_basic_text: false },
      renewal: { days_left: 30, share_left: 1 / 3, retry_seconds: 60 },
      confirmation_timeout_seconds: 900,
      ready_timeout_seconds: 180,
    });
  });

  it('bothClientAndProvisioning_orNeither_isRefused', () => {
    const both = problems({ ...base, provisioning, client: { client_id: 'x', private_jwk_path: '/k' } });
    expect(both[0]).toMatch(/^config\.json: client: expected either "client" .* or "provisioning"/);
    expect(problems(base)[0]).toMatch(/^config\.json: client: expected either/);
  });

  it('selvbetjeningOfAnotherEnvironment_isRefused_namingTheField', () => {
    expect(problems({ ...base, provisioning: { ...provisioning, selvbetjening: { kind: 'prod' } } })).toEqual([
      'config.json: provisioning.selvbetjening.kind: expected the Selvbetjening of the same HelseID environment as "authority" (test with helseid-test, prod with helseid-prod)',
    ]);
    expect(
      problems({
        ...base,
        provisioning: { ...provisioning, selvbetjening: { kind: 'test', api_url: 'https://api.selvbetjening.nhn.no' } },
      })[0],
    ).toBe(
      'config.json: provisioning.selvbetjening.api_url: expected the URLs of that Selvbetjening (or leave api_url and web_url out)',
    );
    expect(
      problems({
        ...base,
        provisioning: { ...provisioning, selvbetjening: { kind: 'custom', api_url: 'http://example.no' } },
      })[0],
    ).toMatch(/^config\.json: provisioning\.selvbetjening\.api_url: expected an https URL/);
  });

  it('badFields_areNamed', () => {
    const lines = problems({
      ...base,
      provisioning: {
        ...provisioning,
        organization_number: '123',
        key_store: { protection: 'os', scope: 'installation' },
        renewal: { share_left: 2 },
      },
    });
    expect(lines).toEqual([
      'config.json: provisioning.organization_number: expected a 9-digit organization number',
      'config.json: provisioning.key_store.protection: expected protection "file" with scope "installation" (OS protection is per account)',
      'config.json: provisioning.renewal.share_left: expected a share between 0 and 1',
    ]);
  });
});
