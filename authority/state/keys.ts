// Key material kept in the state folder so that a restarted environment keeps its identity:
// the authority's signing key (ID tokens, access tokens), the DPoP nonce secret and one private
// JWK file per registered client (the desktop app reads its own from `private_jwk_path`).
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { exportJWK, generateKeyPair, calculateJwkThumbprint, type JWK } from 'jose';

export interface AuthorityKeys {
  signingJwks: { keys: JWK[] };
  nonceSecret: Buffer;
}

export interface ClientKey {
  clientId: string;
  privateJwk: JWK;
  publicJwk: JWK;
  privateJwkPath: string;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`state file ${file} is unreadable: ${(err as Error).message}`, { cause: err });
  }
}

async function writePrivate(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

async function newPrivateJwk(alg: 'RS256' | 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  const jwk = await exportJWK(privateKey);
  jwk.alg = alg;
  jwk.use = 'sig';
  jwk.kid = await calculateJwkThumbprint(jwk);
  return jwk;
}

export function publicPart(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...pub } = jwk;
  return pub;
}

export async function loadAuthorityKeys(stateDir: string): Promise<AuthorityKeys> {
  const file = path.join(stateDir, 'authority', 'keys.json');
  const stored = await readJson<{ signingJwks: { keys: JWK[] }; nonceSecret: string }>(file);
  if (stored) return { signingJwks: stored.signingJwks, nonceSecret: Buffer.from(stored.nonceSecret, 'base64') };
  // HelseID signs ID tokens with RS256; one key serves both token kinds.
  const keys = { signingJwks: { keys: [await newPrivateJwk('RS256')] }, nonceSecret: randomBytes(32) };
  await writePrivate(file, { signingJwks: keys.signingJwks, nonceSecret: keys.nonceSecret.toString('base64') });
  return keys;
}

export async function loadClientKey(stateDir: string, clientId: string): Promise<ClientKey> {
  const privateJwkPath = path.join(stateDir, 'clients', `${clientId}.private.jwk.json`);
  let privateJwk = await readJson<JWK>(privateJwkPath);
  if (!privateJwk) {
    privateJwk = await newPrivateJwk('ES256');
    await writePrivate(privateJwkPath, privateJwk);
  } else {
    // a state folder from before keys were written 0600: the app refuses key files others can read
    await chmod(privateJwkPath, 0o600);
  }
  return { clientId, privateJwk, publicJwk: publicPart(privateJwk), privateJwkPath };
}

/**
 * A key rollover as HelseID does it: a new signing key goes first (oidc-provider signs with the
 * first matching key), the previous one stays published so tokens it signed still verify.
 */
export async function rotateAuthorityKeys(stateDir: string, keys: AuthorityKeys): Promise<AuthorityKeys> {
  const next = {
    signingJwks: { keys: [await newPrivateJwk('RS256'), keys.signingJwks.keys[0]!] },
    nonceSecret: keys.nonceSecret,
  };
  await writePrivate(path.join(stateDir, 'authority', 'keys.json'), {
    signingJwks: next.signingJwks,
    nonceSecret: next.nonceSecret.toString('base64'),
  });
  return next;
}
