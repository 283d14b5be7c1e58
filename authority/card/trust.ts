// Which certificates the emulated card IdPs accept, and whose card a certificate is. Built from
// the virtual card provisioning: the Buypass IdP trusts only the Buypass test CA, the Commfides IdP
// only the Commfides one; the 'unknown' CA is provisioned to be refused.
import { x509 } from '../cards/x509.ts';
import type { VirtualCardSpec } from '../test-persons.ts';

export type TrustedFamily = 'buypass' | 'commfides';

export interface ProvisionedCardsLike {
  cas: { family: 'buypass' | 'commfides' | 'unknown'; certificatePem: string }[];
  cards: { spec: VirtualCardSpec; holder: string; authCertificatePem: string }[];
}

export interface CardTrust {
  caFor(family: TrustedFamily): x509.X509Certificate;
  /** the card spec behind subject serialNumber `UN:NO-9578-<issuer code>-<serialId>` */
  cardBySerialNumber(serialNumber: string, family: TrustedFamily): VirtualCardSpec | undefined;
}

/** Issuer codes in the Norwegian serialNumber scheme: 4050 Buypass, 4500–4510 Commfides. */
function familyOfIssuerCode(code: number): TrustedFamily | undefined {
  if (code === 4050) return 'buypass';
  if (code >= 4500 && code <= 4510) return 'commfides';
  return undefined;
}

export function buildCardTrust(provisioned: ProvisionedCardsLike): CardTrust {
  const cas = new Map<TrustedFamily, x509.X509Certificate>();
  for (const ca of provisioned.cas) {
    if (ca.family === 'buypass' || ca.family === 'commfides')
      cas.set(ca.family, new x509.X509Certificate(ca.certificatePem));
  }
  return {
    caFor(family) {
      const ca = cas.get(family);
      if (!ca) throw new Error(`no ${family} test CA was provisioned`);
      return ca;
    },
    cardBySerialNumber(serialNumber, family) {
      const match = /^UN:NO-9578-(\d{4})-(\w+)$/.exec(serialNumber);
      if (!match || familyOfIssuerCode(Number(match[1])) !== family) return undefined;
      return provisioned.cards.find((c) => c.spec.issuer === family && c.spec.serialId === match[2])?.spec;
    },
  };
}
