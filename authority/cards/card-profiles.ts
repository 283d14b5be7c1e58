// Which certificates a virtual card carries, copying the real card profiles (SMARTCARD.md):
// Buypass 2 (authentication, signing), Commfides 3 (authentication, signing, encryption).
// The card with an unknown issuer copies the Buypass layout.
import type { VirtualCardSpec } from '../test-persons.ts';
import { x509 } from './x509.ts';

export type CertificateRole = 'authentication' | 'signing' | 'encryption';

export interface CertificateProfile {
  readonly role: CertificateRole;
  /** CKA_ID shared by the certificate, its private key and its public key */
  readonly ckaId: string;
  readonly label: string;
  readonly keyUsage: number;
  readonly extendedKeyUsage?: readonly string[];
  /** what the private key may do on the token */
  readonly canSign: boolean;
  readonly canDecrypt: boolean;
}

const KU = x509.KeyUsageFlags;
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const EKU_SMARTCARD_LOGON = '1.3.6.1.4.1.311.20.2.2';

const SIGNING: CertificateProfile = {
  role: 'signing',
  ckaId: '02',
  label: 'Signing',
  keyUsage: KU.nonRepudiation,
  canSign: true,
  canDecrypt: false,
};

const BUYPASS: readonly CertificateProfile[] = [
  {
    role: 'authentication',
    ckaId: '01',
    label: 'Authentication',
    keyUsage: KU.digitalSignature | KU.keyEncipherment,
    extendedKeyUsage: [EKU_CLIENT_AUTH, EKU_EMAIL_PROTECTION],
    canSign: true,
    canDecrypt: true,
  },
  SIGNING,
];

const COMMFIDES: readonly CertificateProfile[] = [
  {
    role: 'authentication',
    ckaId: '01',
    label: 'Authentication',
    keyUsage: KU.digitalSignature,
    extendedKeyUsage: [EKU_CLIENT_AUTH, EKU_EMAIL_PROTECTION, EKU_SMARTCARD_LOGON],
    canSign: true,
    canDecrypt: false,
  },
  SIGNING,
  {
    role: 'encryption',
    ckaId: '03',
    label: 'Encryption',
    keyUsage: KU.keyEncipherment | KU.dataEncipherment,
    canSign: false,
    canDecrypt: true,
  },
];

export function certificateProfiles(card: VirtualCardSpec): readonly CertificateProfile[] {
  return card.issuer === 'commfides' ? COMMFIDES : BUYPASS;
}

/** Test policy OIDs: Buypass 2.16.578.1.26.1.0, Commfides 2.16.578.1.29.912.* (one per role here). */
export function policyOids(card: VirtualCardSpec, role: CertificateRole): string[] {
  switch (card.issuer) {
    case 'buypass':
      return ['2.16.578.1.26.1.0'];
    case 'commfides':
      return [`2.16.578.1.29.912.1.${role === 'authentication' ? 1 : role === 'signing' ? 2 : 3}.0`];
    case 'unknown':
      return ['1.3.6.1.4.1.99999.1.1'];
  }
}

/** The <issuer> part of serialNumber=UN:NO-9578-<issuer>-<id>: 4050 Buypass, 4510 Commfides. */
export function serialNumberOf(card: VirtualCardSpec): string {
  const issuerCode = card.issuer === 'buypass' ? '4050' : card.issuer === 'commfides' ? '4510' : '9999';
  return `UN:NO-9578-${issuerCode}-${card.serialId}`;
}
