// What the embedded environment hands the app in its environment (scripts/embedded.ts): where the
// authority, APIs, client and SoftHSM cards are — never a test card's PIN or its holder's national id
// number (issue 20: no secret or personal datum in an environment variable).
import { describe, expect, it } from 'vitest';
import type { EnvironmentInfo } from '../../../authority/environment.ts';
import { appEnvFor } from '../../../scripts/embedded.ts';
import { embeddedEnvironmentFromEnv } from '../../../src/main/config/index.ts';

const info = {
  authority: 'http://127.0.0.1:5000',
  apis: [],
  clients: [{ client_id: 'helseid-desktop', private_jwk_path: '/state/client.jwk' }],
  cards: [
    {
      token_label: 'Buypass Kari Nordmann',
      pin: '1234',
      holder: 'Kari Nordmann',
      issuer: 'Buypass',
      person: '13827099842',
    },
  ],
  pkcs11_module: '/usr/lib/softhsm/libsofthsm2.so',
  softhsm2_conf: '/state/cards/softhsm/softhsm2.conf',
} as unknown as EnvironmentInfo;

describe('the embedded environment in the app process environment', () => {
  it('appEnvFor_givesTheAppNoPinAndNoNationalIdNumber_butWhatItNeeds', () => {
    const env = appEnvFor(info);
    const all = Object.values(env).join('\n');
    expect(all).not.toContain('1234');
    expect(all).not.toContain('13827099842');
    const read = embeddedEnvironmentFromEnv(env)!;
    expect(read.authority).toBe(info.authority);
    expect(read.clients).toEqual(info.clients);
    expect((read as unknown as { cards: { holder: string }[] }).cards.map((c) => c.holder)).toEqual(['Kari Nordmann']);
    expect(env['SOFTHSM2_CONF']).toBe(info.softhsm2_conf);
  });
});
