// DER DigestInfo prefixes (RFC 8017 §9.2 note 1): hashing on the host and signing DigestInfo with
// CKM_RSA_PKCS works on every RSA card, whatever hashing mechanisms it offers.
import { createHash } from 'node:crypto';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

const PREFIX: Readonly<Record<HashName, string>> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

export function digest(hash: HashName, data: Uint8Array): Buffer {
  return createHash(hash.replace('-', '').toLowerCase()).update(data).digest();
}

export function digestInfo(hash: HashName, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(PREFIX[hash], 'hex'), digest(hash, data)]);
}

export const JOSE_RSA_PKCS1: Readonly<Record<HashName, 'RS256' | 'RS384' | 'RS512'>> = {
  'SHA-256': 'RS256',
  'SHA-384': 'RS384',
  'SHA-512': 'RS512',
};
