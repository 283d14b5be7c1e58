// Issues the PIV cards' certificates and keys (card-certificates.ts, the SoftHSM cards' code) and
// keeps them in <stateDir>/pcsc/<card>.json (mode 0600: private keys), reused while the card list,
// the person and the CA stay the same.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VIRTUAL_CARDS, personByPid, type VirtualCardSpec } from '../../test-persons.ts';
import { holderNameOf, issueCardObjects } from '../card-certificates.ts';
import type { CaFamily, TestCa } from '../test-cas.ts';
import type { CertificateRole } from '../card-profiles.ts';
import type { PivCardData, PivSlot } from './piv-applet.ts';
import type { PcscCardSpec } from './pcsc-card-specs.ts';

export interface ProvisionedPivCard {
  readonly spec: PcscCardSpec;
  readonly copies: VirtualCardSpec;
  readonly holder: string;
  readonly dataPath: string;
  readonly authCertificatePem: string;
  /** what OpenSC reports as the token serial: the last 8 bytes of the CHUID GUID, in hex */
  readonly tokenSerial: string;
}

// PIV key references by certificate role; OpenSC gives them CKA_ID 01, 02, 03 — the same ids the
// SoftHSM cards use for the same roles.
const SLOT_OF: Record<CertificateRole, PivSlot> = { authentication: '9A', signing: '9C', encryption: '9D' };

interface Stored {
  inputsHash: string;
  holder: string;
  authCertificatePem: string;
  card: PivCardData;
}

export async function provisionPivCard(
  dir: string,
  spec: PcscCardSpec,
  cas: Record<CaFamily, TestCa>,
): Promise<ProvisionedPivCard> {
  const copies = VIRTUAL_CARDS.find((c) => c.tokenLabel === spec.copies);
  const person = copies && personByPid(copies.personPid);
  if (!copies || !person) throw new Error(`PC/SC card "${spec.label}" copies an unknown virtual card "${spec.copies}"`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = cas[copies.issuer];
  const inputsHash = createHash('sha256')
    .update(JSON.stringify([spec, copies, person, ca.certificate.toString('pem')]))
    .digest('hex');
  const dataPath = join(dir, `${spec.label.replace(/[^A-Za-z0-9]+/g, '-')}.json`);
  // a fixed GUID per card label: distinct token serials, stable across runs
  const guid = createHash('sha256').update(`piv-guid:${spec.label}`).digest().subarray(0, 16).toString('hex');
  let stored: Stored | undefined;
  try {
    stored = JSON.parse(await readFile(dataPath, 'utf8')) as Stored;
    if (stored.inputsHash !== inputsHash) stored = undefined;
  } catch {
    stored = undefined;
  }
  if (!stored) {
    const objects = await issueCardObjects(copies, person, ca);
    const auth = objects.find((o) => o.profile.role === 'authentication')!;
    stored = {
      inputsHash,
      holder: holderNameOf(person).commonName,
      authCertificatePem: auth.certificate.toString('pem'),
      card: {
        label: spec.label,
        pin: copies.pin,
        puk: spec.puk,
        guid,
        keys: objects.map((o) => ({
          slot: SLOT_OF[o.profile.role],
          certificateDer: Buffer.from(o.certificate.rawData).toString('base64'),
          privateJwk: o.privateJwk,
        })),
      },
    };
    await writeFile(`${dataPath}.tmp`, JSON.stringify(stored), { mode: 0o600 });
    await rename(`${dataPath}.tmp`, dataPath);
  }
  return {
    spec,
    copies,
    holder: stored.holder,
    dataPath,
    authCertificatePem: stored.authCertificatePem,
    tokenSerial: guid.slice(16),
  };
}
