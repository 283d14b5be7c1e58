// A card with no login certificate is still somebody's card: it is named by the holder its other
// certificates name, so the card list says "Kortet til Kari Nordmann har ikke noe sertifikat for
// innlogging" (it said "Kortet til  har …", with an empty name).
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { x509 } from '../../../src/main/card/common/x509.ts';
import { classifyCertificates } from '../../../src/main/card/module-process/classify-certificates.ts';
import { cardReason } from '../../../src/shared/card-reason.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

async function signingOnlyCertificate(): Promise<Uint8Array<ArrayBuffer>> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Kari Nordmann, 2.5.4.42=Kari, 2.5.4.4=Nordmann, C=NO',
    keys,
    signingAlgorithm: RSA,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.nonRepudiation, true)],
  });
  return new Uint8Array(certificate.rawData);
}

describe('a card without a login certificate', () => {
  it('noLoginCertificate_isNamedByTheHolderOfItsSigningCertificate', async () => {
    const classified = classifyCertificates([{ ckaId: '02', der: await signingOnlyCertificate() }], new Date());
    expect(classified.auth).toBeUndefined();
    expect(classified.info).toMatchObject({ holderName: 'Kari Nordmann', state: 'no-auth-certificate' });
    const reason = cardReason({ ...classified.info, pin: 'ok', tokenLabel: 'PIV card' }, 'nb')!;
    expect(errorText(reason.code, 'nb', reason.detail).what).toBe(
      'Kortet til Kari Nordmann har ikke noe sertifikat for innlogging.',
    );
  });

  it('noCertificateAtAll_isNamedByItsTokenLabel', () => {
    const classified = classifyCertificates([], new Date());
    expect(classified.info.holderName).toBe('');
    const reason = cardReason({ ...classified.info, pin: 'ok', tokenLabel: 'Kortet i leser 2' }, 'en')!;
    expect(errorText(reason.code, 'en', reason.detail).what).toBe(
      'The card of Kortet i leser 2 has no certificate for logging in.',
    );
  });
});
