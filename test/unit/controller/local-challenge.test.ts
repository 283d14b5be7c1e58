import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  certificateFingerprint,
  newLocalChallenge,
  verifyLocalSignature,
} from '../../../src/main/controller/local-challenge.ts';
import { FakeCardService } from '../../fakes/fake-card-service.ts';

describe('local challenge', () => {
  it('signatureByTheCard_verifies_tamperedOrForeign_doesNot', async () => {
    const fake = new FakeCardService();
    fake.addReader({ id: 'r1' });
    const id = fake.insertCard('r1', { correctPin: '1234' });
    const data = newLocalChallenge();
    const signed = await fake.signLocalChallenge(id, Buffer.from('1234'), data);
    const fingerprint = certificateFingerprint(signed.certificateDer);
    expect(verifyLocalSignature(data, signed, fingerprint)).toBe('ok');
    expect(verifyLocalSignature(newLocalChallenge(), signed, fingerprint)).toBe('bad-signature');
    expect(verifyLocalSignature(data, signed, 'ab'.repeat(32))).toBe('other-certificate');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verifyLocalSignature(data, { ...signed, signature: sign('sha256', data, privateKey) }, fingerprint)).toBe(
      'bad-signature',
    );
    expect(verifyLocalSignature(data, { ...signed, algorithm: 'HS256' }, fingerprint)).toBe('unsupported-algorithm');
  });
});
