// Verifies a Web eID authentication token (format "web-eid:1.0") the way a Web eID server library
// does: certificate chains to the IdP's CA, is valid now and may authenticate, and the signature
// covers hash(origin) ‖ hash(challenge) with the token's algorithm. Each failure has its own
// message because the desktop app shows the reason to a developer.
import { createHash, createPublicKey, constants, verify, type KeyObject } from 'node:crypto';
import { x509 } from '../cards/x509.ts';
import type { CardTrust, TrustedFamily } from './trust.ts';
import type { VirtualCardSpec } from '../test-persons.ts';

export class InvalidAuthToken extends Error {
  readonly code = 'invalid_token';
}

interface AlgorithmSpec {
  hash: 'sha256' | 'sha384' | 'sha512';
  kind: 'pkcs1' | 'pss' | 'ecdsa';
}

const ALGORITHMS: Record<string, AlgorithmSpec> = {
  RS256: { hash: 'sha256', kind: 'pkcs1' },
  RS384: { hash: 'sha384', kind: 'pkcs1' },
  RS512: { hash: 'sha512', kind: 'pkcs1' },
  PS256: { hash: 'sha256', kind: 'pss' },
  PS384: { hash: 'sha384', kind: 'pss' },
  PS512: { hash: 'sha512', kind: 'pss' },
  ES256: { hash: 'sha256', kind: 'ecdsa' },
  ES384: { hash: 'sha384', kind: 'ecdsa' },
  ES512: { hash: 'sha512', kind: 'ecdsa' },
};

export interface WebEidToken {
  unverifiedCertificate: string;
  algorithm: string;
  signature: string;
  format: string;
  appVersion?: string;
}

export function parseAuthToken(json: string | null): WebEidToken {
  let token: Partial<WebEidToken>;
  try {
    token = JSON.parse(json ?? '') as Partial<WebEidToken>;
  } catch {
    throw new InvalidAuthToken('auth_token is not JSON');
  }
  if (typeof token.format !== 'string' || !token.format.startsWith('web-eid:1'))
    throw new InvalidAuthToken('auth_token "format" must be "web-eid:1.0"');
  for (const field of ['unverifiedCertificate', 'algorithm', 'signature'] as const) {
    if (typeof token[field] !== 'string' || !token[field])
      throw new InvalidAuthToken(`auth_token "${field}" is missing`);
  }
  return token as WebEidToken;
}

/** Checks the certificate; returns the card it belongs to and its public key. */
export async function verifyCertificate(
  token: WebEidToken,
  family: TrustedFamily,
  trust: CardTrust,
  now: Date,
): Promise<{ card: VirtualCardSpec; publicKey: KeyObject }> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(Buffer.from(token.unverifiedCertificate, 'base64'));
  } catch {
    throw new InvalidAuthToken('unverifiedCertificate is not a DER certificate');
  }
  const ca = trust.caFor(family);
  const chains =
    cert.issuer === ca.subject &&
    (await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }).catch(() => false));
  if (!chains)
    throw new InvalidAuthToken(
      `certificate not issued by a trusted CA (this ${family} login accepts only ${ca.subject})`,
    );
  if (cert.notAfter.getTime() < now.getTime()) throw new InvalidAuthToken('certificate expired');
  if (cert.notBefore.getTime() > now.getTime()) throw new InvalidAuthToken('certificate not yet valid');
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  if (!keyUsage || !(keyUsage.usages & x509.KeyUsageFlags.digitalSignature)) {
    throw new InvalidAuthToken('certificate is not an authentication certificate (keyUsage lacks digitalSignature)');
  }
  // by OID: @peculiar/x509 has no short name for serialNumber (2.5.4.5)
  const serialNumber = cert.subjectName.getField('2.5.4.5')[0] ?? '';
  const card = trust.cardBySerialNumber(serialNumber, family);
  if (!card) throw new InvalidAuthToken('certificate subject serialNumber belongs to no known test card');
  const publicKey = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
  return { card, publicKey };
}

/** True when `signature` signs hash(origin) ‖ hash(challenge) under the token's algorithm. */
export function signatureMatches(token: WebEidToken, publicKey: KeyObject, origin: string, challenge: string): boolean {
  const alg = ALGORITHMS[token.algorithm];
  if (!alg) throw new InvalidAuthToken(`auth_token "algorithm" ${token.algorithm} is not supported`);
  const signed = Buffer.concat([
    createHash(alg.hash).update(origin).digest(),
    createHash(alg.hash).update(challenge).digest(),
  ]);
  const signature = Buffer.from(token.signature, 'base64');
  const key =
    alg.kind === 'pss'
      ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : alg.kind === 'ecdsa'
        ? { key: publicKey, dsaEncoding: 'ieee-p1363' as const }
        : { key: publicKey };
  try {
    return verify(alg.hash, signed, key, signature);
  } catch {
    return false;
  }
}
