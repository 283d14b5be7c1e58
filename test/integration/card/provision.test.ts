// The virtual card provisioning: from empty, reused when whole, rebuilt when half-made. Its time is
// printed, not asserted (tests never assert on time).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionVirtualCards } from '../../../authority/cards/provision.ts';
import { x509 } from '../../../src/main/card/common/x509.ts';

const dirs: string[] = [];
const freshDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'helseid-prov-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('virtual card provisioning', () => {
  it('provision_fromEmptyState_issuesFromTheTestCas', async () => {
    const stateDir = await freshDir();
    const started = performance.now();
    const result = await provisionVirtualCards({ stateDir });
    const ms = Math.round(performance.now() - started);
    console.log(`provisioning from empty state: ${ms} ms`);
    const buypassCa = new x509.X509Certificate(result.cas.find((c) => c.family === 'buypass')!.certificatePem);
    expect(buypassCa.subject).toContain('CN=Buypass Class 3 Test4 CA G2 HT Person');
    for (const card of result.cards) {
      const cert = new x509.X509Certificate(card.authCertificatePem);
      const ca = new x509.X509Certificate(result.cas.find((c) => c.family === card.spec.issuer)!.certificatePem);
      expect(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true);
    }
  });

  it('provision_again_reusesTokens_andRebuildsAHalfMadeState', async () => {
    const stateDir = await freshDir();
    const first = await provisionVirtualCards({ stateDir });
    const again = await provisionVirtualCards({ stateDir });
    expect(again.cards.map((c) => c.tokenSerial)).toEqual(first.cards.map((c) => c.tokenSerial));
    await writeFile(join(stateDir, 'softhsm', 'provisioned.json'), '{"version":1,"inputsHash":"torn'); // crash mid-write
    const rebuilt = await provisionVirtualCards({ stateDir });
    expect(rebuilt.cards).toHaveLength(first.cards.length);
    expect(rebuilt.cards[0]!.tokenSerial).not.toBe(first.cards[0]!.tokenSerial);
    expect(rebuilt.cas).toEqual(first.cas); // the CAs survive: trust stays stable
  });
});
