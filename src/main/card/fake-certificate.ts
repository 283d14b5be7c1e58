// A self-signed authentication certificate for a fake card, so the fake's signatures verify.
import { webcrypto, type KeyObject } from 'node:crypto';
import type { CardInfo } from '../../shared/card-types.ts';
import { x509 } from './common/x509.ts';

export async function fakeCertificate(
  info: CardInfo,
  publicKey: KeyObject,
  privateKey: KeyObject,
): Promise<Uint8Array> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const keys = {
    publicKey: publicKey.toCryptoKey(alg, true, ['verify']),
    privateKey: privateKey.toCryptoKey(alg, false, ['sign']),
  } as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: [{ C: ['NO'] }, { '2.5.4.5': [info.serialNumber] }, { CN: [info.holderName] }],
      keys,
      notBefore: new Date(info.validFrom),
      notAfter: new Date(info.validTo),
      signingAlgorithm: alg,
      extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
    },
    webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>,
  );
  return new Uint8Array(cert.rawData);
}
