// Issues one virtual card's certificates and key pairs. Keys are generated in this process with
// WebCrypto (in libuv's thread pool, so all cards' keys are made in parallel on both cores) and
// later imported into the token; on-token generation would be serial inside one child and need a
// round trip to read each public key back before the certificate could be issued.
import { webcrypto, randomBytes } from 'node:crypto';
import type { TestPerson, VirtualCardSpec } from '../test-persons.ts';
import { x509 } from './x509.ts';
import { RSA_SHA256, generateRsaKeyPair, type TestCa } from './test-cas.ts';
import { certificateProfiles, policyOids, serialNumberOf, type CertificateProfile } from './card-profiles.ts';

const DAY = 86_400_000;

export interface IssuedObject {
  readonly profile: CertificateProfile;
  readonly certificate: x509.X509Certificate;
  /** RSA private key as JWK (n, e, d, p, q, dp, dq, qi): the token writer imports it */
  readonly privateJwk: JsonWebKey;
}

export function holderNameOf(person: TestPerson): { givenName: string; familyName: string; commonName: string } {
  const givenName = person.middleName ? `${person.givenName} ${person.middleName}` : person.givenName;
  return { givenName, familyName: person.familyName, commonName: `${givenName} ${person.familyName}` };
}

function validity(card: VirtualCardSpec): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return card.expired
    ? { notBefore: new Date(now - 3 * 365 * DAY), notAfter: new Date(now - 30 * DAY) }
    : { notBefore: new Date(now - DAY), notAfter: new Date(now + 3 * 365 * DAY) };
}

async function issueOne(
  card: VirtualCardSpec,
  person: TestPerson,
  ca: TestCa,
  profile: CertificateProfile,
): Promise<IssuedObject> {
  const keys = await generateRsaKeyPair();
  const name = holderNameOf(person);
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(profile.keyUsage, true),
    new x509.CertificatePolicyExtension(policyOids(card, profile.role)),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
  ];
  if (profile.extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension([...profile.extendedKeyUsage]));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(12)
      .toString('hex')
      .replace(/^[89a-f]/, '1'), // positive INTEGER
    issuer: ca.certificate.subject,
    subject: [
      { C: ['NO'] },
      { SN: [name.familyName] },
      { G: [name.givenName] },
      { '2.5.4.5': [serialNumberOf(card)] },
      { CN: [name.commonName] },
    ],
    ...validity(card),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: RSA_SHA256,
    extensions,
  });
  const privateJwk = await webcrypto.subtle.exportKey('jwk', keys.privateKey);
  return { profile, certificate, privateJwk };
}

/** All certificates of one card, keys generated concurrently. */
export function issueCardObjects(card: VirtualCardSpec, person: TestPerson, ca: TestCa): Promise<IssuedObject[]> {
  return Promise.all(certificateProfiles(card).map((profile) => issueOne(card, person, ca, profile)));
}
