// Unlocking a locked session proves, without the network, that the SAME card is back and that the
// person knows its PIN: the card signs fresh random bytes, and we verify the signature with the
// public key of the certificate that logged in (matched by fingerprint, so another card of the same
// person, or a card re-issued with new keys, does not unlock the session).
import { X509Certificate, constants, createHash, randomBytes, verify } from 'node:crypto';

export interface LocalSignatureInput {
  readonly signature: Uint8Array;
  readonly certificateDer: Uint8Array;
  readonly algorithm: string;
}

export type UnlockVerdict =
  'ok' | 'other-certificate' | 'certificate-expired' | 'bad-signature' | 'unsupported-algorithm';

export function newLocalChallenge(): Buffer {
  return randomBytes(32);
}

export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** The fingerprint of the certificate in a Web eID token (the one the authority accepted at login). */
export function fingerprintOfWebEidToken(token: unknown): string | undefined {
  const cert =
    token && typeof token === 'object'
      ? (token as { unverifiedCertificate?: unknown }).unverifiedCertificate
      : undefined;
  return typeof cert === 'string' && cert.length > 0 ? certificateFingerprint(Buffer.from(cert, 'base64')) : undefined;
}

export function verifyLocalSignature(
  data: Uint8Array,
  signed: LocalSignatureInput,
  expectedFingerprint: string,
  now: number = Date.now(),
): UnlockVerdict {
  if (certificateFingerprint(signed.certificateDer) !== expectedFingerprint) return 'other-certificate';
  const certificate = new X509Certificate(Buffer.from(signed.certificateDer));
  if (Date.parse(certificate.validTo) < now || Date.parse(certificate.validFrom) > now) return 'certificate-expired';
  const hash = { '256': 'sha256', '384': 'sha384', '512': 'sha512' }[signed.algorithm.slice(2)];
  if (!hash) return 'unsupported-algorithm';
  const key = certificate.publicKey;
  const options = signed.algorithm.startsWith('RS')
    ? { key, padding: constants.RSA_PKCS1_PADDING }
    : signed.algorithm.startsWith('PS')
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : signed.algorithm.startsWith('ES')
        ? { key, dsaEncoding: 'ieee-p1363' as const }
        : undefined;
  if (!options) return 'unsupported-algorithm';
  return verify(hash, data, options, signed.signature) ? 'ok' : 'bad-signature';
}
