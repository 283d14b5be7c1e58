// Virtual smart cards for the embedded environment: one SoftHSM token per VIRTUAL_CARDS entry.
// Idempotent: a manifest written last records what was finished; a state that does not match it
// (crash mid-way, different card list, new CA) is rebuilt, a missing single token re-made.
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_PERSONS, VIRTUAL_CARDS, personByPid, type VirtualCardSpec } from '../test-persons.ts';
import { loadOrCreateTestCas, type CaFamily } from './test-cas.ts';
import { holderNameOf, issueCardObjects } from './card-certificates.ts';
import { withProvisionLock } from './provision-lock.ts';
import type { TokenInput } from './token-write-types.ts';
import {
  SOFTHSM_MODULE,
  deleteTokenByLabel,
  deleteTokenBySerial,
  listTokens,
  softHsmPaths,
  writeSoftHsmConf,
  writeTokens,
} from './softhsm-tools.ts';

export interface ProvisionedCards {
  pkcs11Module: string;
  softhsm2Conf: string;
  /** where the state lives; the helpers below need it */
  stateDir: string;
  cas: { family: 'buypass' | 'commfides' | 'unknown'; certificatePem: string }[];
  cards: { spec: VirtualCardSpec; holder: string; authCertificatePem: string; tokenSerial: string }[];
}

interface Manifest {
  version: 1;
  inputsHash: string;
  cards: { tokenLabel: string; tokenSerial: string; holder: string; authCertificatePem: string }[];
}

const FAMILIES: CaFamily[] = ['buypass', 'commfides', 'unknown'];

async function readManifest(path: string, inputsHash: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
    return manifest.version === 1 && manifest.inputsHash === inputsHash ? manifest : undefined;
  } catch {
    return undefined;
  }
}

async function provision(stateDir: string, force: ReadonlySet<string>): Promise<ProvisionedCards> {
  const paths = softHsmPaths(stateDir);
  await writeSoftHsmConf(paths);
  return withProvisionLock(paths.dir, async () => {
    const cas = await loadOrCreateTestCas(join(stateDir, 'ca'));
    const casPem = FAMILIES.map((family) => ({ family, certificatePem: cas[family].certificate.toString('pem') }));
    // the cards depend on the card list, the people and the CA certificates
    const inputsHash = createHash('sha256')
      .update(JSON.stringify([VIRTUAL_CARDS, TEST_PERSONS, casPem]))
      .digest('hex');
    const manifestPath = join(paths.dir, 'provisioned.json');
    let manifest = await readManifest(manifestPath, inputsHash);
    if (!manifest) {
      await rm(paths.tokenDir, { recursive: true, force: true }); // half-made or stale: start over
      await writeSoftHsmConf(paths);
      manifest = { version: 1, inputsHash, cards: [] };
    }
    const existing = await listTokens(paths.conf);
    const done = new Map(manifest.cards.map((c) => [c.tokenLabel, c]));
    const needed = VIRTUAL_CARDS.filter((card) => {
      const entry = done.get(card.tokenLabel);
      const tokens = existing.filter((t) => t.label === card.tokenLabel);
      return force.has(card.tokenLabel) || !entry || tokens.length !== 1 || tokens[0]?.serial !== entry.tokenSerial;
    });
    for (const card of needed) {
      for (const t of existing.filter((e) => e.label === card.tokenLabel))
        await deleteTokenBySerial(paths.conf, t.serial);
    }
    const issued = await Promise.all(
      needed.map(async (card) => {
        const person = personByPid(card.personPid);
        if (!person) throw new Error(`virtual card "${card.tokenLabel}" names an unknown person`);
        return {
          card,
          holder: holderNameOf(person).commonName,
          objects: await issueCardObjects(card, person, cas[card.issuer]),
        };
      }),
    );
    const tokens: TokenInput[] = issued.map(({ card, objects }) => ({
      label: card.tokenLabel,
      soPin: card.soPin,
      pin: card.pin,
      objects: objects.map((o) => ({
        ckaId: o.profile.ckaId,
        label: o.profile.label,
        privateJwk: o.privateJwk,
        canSign: o.profile.canSign,
        canDecrypt: o.profile.canDecrypt,
        certificateDer: Buffer.from(o.certificate.rawData).toString('base64'),
        subjectDer: Buffer.from(o.certificate.subjectName.toArrayBuffer()).toString('base64'),
        issuerDer: Buffer.from(o.certificate.issuerName.toArrayBuffer()).toString('base64'),
      })),
    }));
    const written = await writeTokens(paths.conf, { module: SOFTHSM_MODULE, tokens });
    for (const { card, holder, objects } of issued) {
      const auth = objects.find((o) => o.profile.role === 'authentication');
      const tokenSerial = written.tokens.find((t) => t.label === card.tokenLabel)?.serial;
      if (!auth || !tokenSerial) throw new Error(`virtual card "${card.tokenLabel}" was not written`);
      done.set(card.tokenLabel, {
        tokenLabel: card.tokenLabel,
        tokenSerial,
        holder,
        authCertificatePem: auth.certificate.toString('pem'),
      });
    }
    manifest.cards = VIRTUAL_CARDS.map((c) => done.get(c.tokenLabel)).filter((c) => c !== undefined);
    await writeFile(`${manifestPath}.tmp`, JSON.stringify(manifest, null, 2));
    await rename(`${manifestPath}.tmp`, manifestPath); // atomic: the manifest is the "finished" mark
    return {
      pkcs11Module: SOFTHSM_MODULE,
      softhsm2Conf: paths.conf,
      stateDir,
      cas: casPem,
      cards: VIRTUAL_CARDS.map((spec) => {
        const entry = done.get(spec.tokenLabel)!;
        return {
          spec,
          holder: entry.holder,
          authCertificatePem: entry.authCertificatePem,
          tokenSerial: entry.tokenSerial,
        };
      }),
    };
  });
}

export function provisionVirtualCards(options: { stateDir: string }): Promise<ProvisionedCards> {
  return provision(options.stateDir, new Set());
}

/** Test helper: "pulls the card" — deletes the token; a running card subsystem sees it vanish. */
export async function removeCardToken(provisioned: ProvisionedCards, tokenLabel: string): Promise<void> {
  await deleteTokenByLabel(provisioned.softhsm2Conf, tokenLabel);
}

/** Test helper: issues one card anew (new keys and certificates, new token serial). */
export function reprovisionCard(provisioned: ProvisionedCards, tokenLabel: string): Promise<ProvisionedCards> {
  return provision(provisioned.stateDir, new Set([tokenLabel]));
}
