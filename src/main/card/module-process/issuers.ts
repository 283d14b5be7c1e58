// Known issuing CAs of Norwegian person certificates on smart cards (SMARTCARD.md).
// Matched on the issuer's CN, which is unique among these; organisation names changed format
// between CA generations, the CNs did not.
import type { CardEnvironment, IssuerFamily } from '../../../shared/card-types.ts';

export interface KnownIssuer {
  readonly commonName: string;
  readonly family: Exclude<IssuerFamily, 'unknown'>;
  readonly environment: Exclude<CardEnvironment, 'unknown'>;
}

export const KNOWN_ISSUERS: readonly KnownIssuer[] = [
  { commonName: 'Buypass Class 3 CA 3', family: 'buypass', environment: 'prod' },
  { commonName: 'Buypass Class 3 CA G2 HT Person', family: 'buypass', environment: 'prod' },
  { commonName: 'Buypass Class 3 Test4 CA 3', family: 'buypass', environment: 'test' },
  { commonName: 'Buypass Class 3 Test4 CA G2 HT Person', family: 'buypass', environment: 'test' },
  { commonName: 'CPN Person High SHA256 CLASS 3', family: 'commfides', environment: 'prod' },
  { commonName: 'Commfides Natural Person - G3', family: 'commfides', environment: 'prod' },
  { commonName: 'Commfides CPN Person-High SHA256 CA - TEST', family: 'commfides', environment: 'test' },
  { commonName: 'Commfides Natural Person - G3 - TEST', family: 'commfides', environment: 'test' },
];

export function findIssuer(issuerCommonName: string | undefined): KnownIssuer | undefined {
  return KNOWN_ISSUERS.find((i) => i.commonName === issuerCommonName);
}
