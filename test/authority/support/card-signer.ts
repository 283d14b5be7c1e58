// Plays the desktop app's card side: signs the authority's challenge with the virtual card's
// authentication key inside SoftHSM (pkcs11-tool, RS256 = SHA256-RSA-PKCS) and packs the result
// as a Web eID authentication token.
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { provisionVirtualCards, type ProvisionedCards } from '../../../authority/cards/provision.ts';
import type { EnvironmentInfo } from '../../../authority/environment.ts';

const run = promisify(execFile);

export function signedData(origin: string, challenge: string): Buffer {
  return Buffer.concat([createHash('sha256').update(origin).digest(), createHash('sha256').update(challenge).digest()]);
}

export async function cardsOf(stateDir: string): Promise<ProvisionedCards> {
  return provisionVirtualCards({ stateDir: path.join(stateDir, 'cards') }); // idempotent: reads the state
}

export function certificateDerBase64(cards: ProvisionedCards, tokenLabel: string): string {
  const card = cards.cards.find((c) => c.spec.tokenLabel === tokenLabel);
  if (!card) throw new Error(`no virtual card ${tokenLabel}`);
  return card.authCertificatePem.replace(/-----[^-]+-----|\s/g, '');
}

export async function signOnCard(info: EnvironmentInfo, tokenLabel: string, data: Buffer): Promise<Buffer> {
  const card = info.cards.find((c) => c.token_label === tokenLabel)!;
  const dir = await mkdtemp(path.join(tmpdir(), 'card-sign-'));
  try {
    await writeFile(path.join(dir, 'in'), data);
    await run(
      'pkcs11-tool',
      [
        '--module',
        info.pkcs11_module,
        '--token-label',
        tokenLabel,
        '--login',
        '--pin',
        card.pin,
        '--sign',
        '--mechanism',
        'SHA256-RSA-PKCS',
        '--id',
        '01',
        '--input-file',
        path.join(dir, 'in'),
        '--output-file',
        path.join(dir, 'out'),
      ],
      { env: { ...process.env, SOFTHSM2_CONF: info.softhsm2_conf } },
    );
    return await readFile(path.join(dir, 'out'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function authToken(certificate: string, signature: Buffer, algorithm = 'RS256'): string {
  return JSON.stringify({
    unverifiedCertificate: certificate,
    algorithm,
    signature: signature.toString('base64'),
    format: 'web-eid:1.0',
    appVersion: 'https://web-eid.eu/web-eid-app/releases/2.5.0',
  });
}

/** A signature by a key that is not the card's: what a forger without the card can make. */
export function forgedSignature(data: Buffer): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return sign('sha256', data, privateKey);
}
