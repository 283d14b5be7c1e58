// A new key pair for the installation's client, made here and never sent anywhere but its public
// half: RSA-4096, PS256, a random 32-hex kid — what NHN's HelseID.Library makes for Selvbetjening
// (KeyManagementService.GenerateNewKeyPair).
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { StoredKey } from './client-record.ts';

export const KEY_ALG = 'PS256' as const;

export interface GeneratedKey {
  readonly stored: StoredKey;
  /** what Selvbetjening gets: kty, n, e, kid, alg, use */
  readonly publicJwk: JWK;
}

export async function generateClientKey(now: number, modulusLength = 4096): Promise<GeneratedKey> {
  const kid = randomBytes(16).toString('hex');
  // extractable once, to store it; everything that signs imports it again as non-extractable
  const { privateKey, publicKey } = await generateKeyPair(KEY_ALG, { modulusLength, extractable: true });
  const priv = await exportJWK(privateKey);
  const pub = await exportJWK(publicKey);
  const privateJwk = {
    ...priv,
    kty: 'RSA' as const,
    kid,
    alg: KEY_ALG,
    use: 'sig',
    n: priv.n!,
    e: priv.e!,
    d: priv.d!,
  };
  return {
    stored: { kid, privateJwk, createdAt: now },
    publicJwk: { kty: 'RSA', n: pub.n!, e: pub.e!, kid, alg: KEY_ALG, use: 'sig' },
  };
}

/** The public half of a stored key (for a renewal resumed after a crash). */
export function publicJwkOf(key: StoredKey): JWK {
  const { n, e } = key.privateJwk;
  return { kty: 'RSA', n, e, kid: key.kid, alg: KEY_ALG, use: 'sig' };
}
