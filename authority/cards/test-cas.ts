// The embedded environment's test CAs. Issuer names copy the real TEST issuing CAs, so the card
// subsystem classifies virtual cards exactly as it classifies real test cards. Each CA is a
// self-signed root here (the real ones are intermediates): what matters to the app and the
// authority is the issuer name, the policy OIDs and that signatures chain.
// Generated once per state dir and kept there, so re-provisioning one card keeps trust intact.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import { join } from 'node:path';
import { x509 } from './x509.ts';

export type CaFamily = 'buypass' | 'commfides' | 'unknown';

export interface TestCa {
  readonly family: CaFamily;
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
}

// Names in DER order (C first); RFC 4514 text shows them reversed, as in SMARTCARD.md.
export const TEST_CA_NAMES: Readonly<Record<CaFamily, x509.JsonName>> = {
  buypass: [
    { C: ['NO'] },
    { '2.5.4.97': ['NTRNO-983163327'] },
    { O: ['Buypass AS'] },
    { CN: ['Buypass Class 3 Test4 CA G2 HT Person'] },
  ],
  commfides: [
    { C: ['NO'] },
    { O: ['Commfides Norge AS'] },
    { '2.5.4.97': ['NTRNO-988312495'] },
    { CN: ['Commfides Natural Person - G3 - TEST'] },
  ],
  unknown: [{ C: ['NO'] }, { O: ['Ukjent Utsteder AS'] }, { CN: ['Ukjent Utsteder Test CA'] }],
};

export const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const RSA_GEN = { ...RSA_SHA256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };

export function generateRsaKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(RSA_GEN, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function createCa(family: CaFamily): Promise<{ ca: TestCa; keyPem: string }> {
  const keys = await generateRsaKeyPair();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: TEST_CA_NAMES[family],
    keys,
    signingAlgorithm: RSA_SHA256,
    notBefore: new Date(now - 365 * 86_400_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { ca: { family, certificate, privateKey: keys.privateKey }, keyPem };
}

async function readCa(dir: string, family: CaFamily): Promise<TestCa | undefined> {
  try {
    const certPem = await readFile(join(dir, `${family}.cert.pem`), 'utf8');
    const keyPem = await readFile(join(dir, `${family}.key.pem`), 'utf8');
    const certificate = new x509.X509Certificate(certPem);
    // Reuse only a CA that is still valid for a while: a card issued later must chain.
    if (certificate.notAfter.getTime() < Date.now() + 30 * 86_400_000) return undefined;
    const der = x509.PemConverter.decodeFirst(keyPem);
    // Node's CryptoKey type and the DOM one differ only in newer usages; same object at runtime
    const privateKey = (await webcrypto.subtle.importKey('pkcs8', der, RSA_SHA256, false, [
      'sign',
    ])) as unknown as CryptoKey;
    return { family, certificate, privateKey };
  } catch {
    return undefined; // missing or half-written: make a new one
  }
}

/** Loads the three test CAs from `dir`, creating any that are missing (in parallel). */
export async function loadOrCreateTestCas(dir: string): Promise<Record<CaFamily, TestCa>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const families: CaFamily[] = ['buypass', 'commfides', 'unknown'];
  const cas = await Promise.all(
    families.map(async (family) => {
      const existing = await readCa(dir, family);
      if (existing) return existing;
      const { ca, keyPem } = await createCa(family);
      await writeFile(join(dir, `${family}.key.pem`), keyPem, { mode: 0o600 });
      await writeFile(join(dir, `${family}.cert.pem`), ca.certificate.toString('pem'));
      return ca;
    }),
  );
  return { buypass: cas[0]!, commfides: cas[1]!, unknown: cas[2]! };
}
