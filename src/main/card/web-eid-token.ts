// The Web eID authentication token ("web-eid:1.0"): the card signs H(H(origin) ‖ H(challenge)),
// H matching the algorithm (RS256 → SHA-256), the challenge hashed as its UTF-8 string.
// The card is asked to sign the 64-byte concatenation "with SHA-256", which produces exactly
// that: RSASSA-PKCS1-v1_5 over SHA-256 of the concatenation.
import type { WebEidAuthToken } from '../../shared/card-types.ts';
import { digest, type HashName } from './common/digest-info.ts';

export function webEidSignedData(hash: HashName, challenge: { challenge: string; origin: string }): Uint8Array {
  return Buffer.concat([
    digest(hash, Buffer.from(challenge.origin, 'utf8')),
    digest(hash, Buffer.from(challenge.challenge, 'utf8')),
  ]);
}

export function webEidToken(
  certificateDer: Uint8Array,
  signature: Uint8Array,
  algorithm: WebEidAuthToken['algorithm'],
  appVersion: string,
): WebEidAuthToken {
  return {
    unverifiedCertificate: Buffer.from(certificateDer).toString('base64'),
    algorithm,
    signature: Buffer.from(signature).toString('base64'),
    format: 'web-eid:1.0',
    appVersion,
  };
}
