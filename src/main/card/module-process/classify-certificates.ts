// Turns the certificates read from a token into the card's public description.
// Uses @peculiar/x509 for keyUsage: Node's X509Certificate.keyUsage returns the EKU list.
import type { CardInfo, CardState } from '../../../shared/card-types.ts';
import { x509 } from '../common/x509.ts';
import { findIssuer } from './issuers.ts';

export type CertificateRole = 'authentication' | 'signing' | 'encryption' | 'other';

export interface TokenCertificate {
  /** CKA_ID as hex: pairs the certificate with its private key */
  readonly ckaId: string;
  readonly der: Uint8Array<ArrayBuffer>;
}

const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const KU = x509.KeyUsageFlags;

export function certificateRole(cert: x509.X509Certificate): CertificateRole {
  const ku = cert.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String);
  if (ku & KU.nonRepudiation) return 'signing';
  // authentication = digitalSignature without nonRepudiation, and clientAuth when an EKU is present
  if (ku & KU.digitalSignature && (!eku || eku.includes(EKU_CLIENT_AUTH))) return 'authentication';
  if (ku & (KU.keyEncipherment | KU.dataEncipherment)) return 'encryption';
  return 'other';
}

export interface ClassifiedCard {
  readonly info: Omit<CardInfo, 'id' | 'readerId' | 'tokenLabel' | 'pin'>;
  /** the certificate the card logs in with, when it has one */
  readonly auth?: TokenCertificate;
}

function pickAuthentication(
  certs: readonly TokenCertificate[],
): { cert: TokenCertificate; parsed: x509.X509Certificate } | undefined {
  const candidates = certs
    .flatMap((cert) => {
      try {
        return [{ cert, parsed: new x509.X509Certificate(cert.der) }];
      } catch {
        return []; // a certificate we cannot parse cannot be the one we log in with
      }
    })
    .filter((c) => certificateRole(c.parsed) === 'authentication');
  // A Buypass business card may also carry a Windows logon certificate from a local CA:
  // prefer a known issuer, then the one valid longest.
  candidates.sort(
    (a, b) =>
      Number(!!findIssuer(b.parsed.issuerName.getField('CN')[0])) -
        Number(!!findIssuer(a.parsed.issuerName.getField('CN')[0])) ||
      b.parsed.notAfter.getTime() - a.parsed.notAfter.getTime(),
  );
  return candidates[0];
}

/** The holder and issuer a certificate names (every certificate on a card names its holder). */
function holderOf(parsed: x509.X509Certificate) {
  const subject = parsed.subjectName;
  const issuer = findIssuer(parsed.issuerName.getField('CN')[0]);
  const givenName = subject.getField('2.5.4.42')[0];
  const familyName = subject.getField('2.5.4.4')[0];
  return {
    holderName: subject.getField('CN')[0] ?? [givenName, familyName].filter(Boolean).join(' '),
    ...(givenName ? { givenName } : {}),
    ...(familyName ? { familyName } : {}),
    serialNumber: subject.getField('2.5.4.5')[0] ?? '',
    issuerFamily: issuer?.family ?? 'unknown',
    environment: issuer?.environment ?? 'unknown',
  } as const;
}

/** Any certificate that parses, the signing one first: names the holder of a card that cannot log in. */
function anyCertificate(certs: readonly TokenCertificate[]): x509.X509Certificate | undefined {
  const parsed = certs.flatMap((cert) => {
    try {
      return [new x509.X509Certificate(cert.der)];
    } catch {
      return [];
    }
  });
  return parsed.find((p) => certificateRole(p) === 'signing') ?? parsed[0];
}

export function classifyCertificates(certs: readonly TokenCertificate[], now: Date): ClassifiedCard {
  const picked = pickAuthentication(certs);
  if (!picked) {
    // no login certificate: the card is still somebody's — say whose ("Kortet til Kari Nordmann har
    // ikke noe sertifikat for innlogging", not "Kortet til  har …")
    const other = anyCertificate(certs);
    return {
      info: {
        ...(other
          ? holderOf(other)
          : { holderName: '', serialNumber: '', issuerFamily: 'unknown', environment: 'unknown' }),
        validFrom: '',
        validTo: '',
        state: 'no-auth-certificate',
      },
    };
  }
  const { parsed } = picked;
  const holder = holderOf(parsed);
  const state: CardState =
    parsed.notAfter < now
      ? 'expired'
      : parsed.notBefore > now
        ? 'not-yet-valid'
        : holder.issuerFamily !== 'unknown'
          ? 'ok'
          : 'unknown-issuer';
  return {
    auth: picked.cert,
    info: { ...holder, validFrom: parsed.notBefore.toISOString(), validTo: parsed.notAfter.toISOString(), state },
  };
}
