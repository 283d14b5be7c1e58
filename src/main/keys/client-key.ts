// The installation's private key for private_key_jwt, read from the JWK file named in the
// configuration (refused when others can read or write it) and imported as a non-extractable CryptoKey (the key material never leaves WebCrypto).
import { readFile } from 'node:fs/promises';
import { importJWK, type JWK } from 'jose';
import type { CryptoKey } from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import { assertPrivateFile } from './private-file.ts';

export interface ClientKey {
  readonly key: CryptoKey;
  readonly kid?: string;
}

const ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/**
 * What is wrong with the key file, as the finding code `doctor` uses (src/main/diagnostics/
 * client-key-check.ts): the window's "Detaljer for IT" and the CLI name the same problem and fix.
 */
export type ClientKeyFinding =
  'client-key-missing' | 'client-key-unreadable' | 'client-key-unparseable' | 'client-key-not-private';

function unreadable(err: unknown): ClientKeyFinding {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? 'client-key-missing' : 'client-key-unreadable';
}

/** Reads IT's JWK file — refused (client-key-exposed) when other users can read or change it. */
export async function readClientJwk(file: string): Promise<JWK> {
  await assertPrivateFile(file).catch((err: unknown) => {
    if (err instanceof AppError) throw err;
    throw new AppError('client-key-invalid', { detail: { file, finding: unreadable(err) }, cause: err });
  });
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    throw new AppError('client-key-invalid', { cause: err, detail: { file, finding: unreadable(err) } });
  }
  try {
    return JSON.parse(raw.replace(/^\uFEFF/, '')) as JWK;
  } catch {
    // the file's content is a private key: never quote it (the parser's message would)
    throw new AppError('client-key-invalid', {
      detail: {
        file,
        finding: 'client-key-unparseable',
        problem: 'expected a private RSA or EC JWK with a supported alg',
      },
    });
  }
}

export async function importClientKey(source: CryptoKey | JWK, file = '(injected)'): Promise<ClientKey> {
  if (isCryptoKey(source)) return { key: source };
  const alg = source.alg ?? (source.kty === 'EC' ? 'ES256' : 'RS256');
  if (!ALGS.includes(alg) || source.d === undefined) {
    const finding: ClientKeyFinding =
      source.d === undefined && typeof source.kty === 'string' ? 'client-key-not-private' : 'client-key-unparseable';
    throw new AppError('client-key-invalid', {
      detail: { file, finding, problem: 'expected a private RSA or EC JWK with a supported alg' },
    });
  }
  try {
    const key = await importJWK(source, alg, { extractable: false });
    if (!isCryptoKey(key)) throw new TypeError('not an asymmetric key');
    return source.kid === undefined ? { key } : { key, kid: source.kid };
  } catch (err) {
    throw new AppError('client-key-invalid', {
      detail: { file, finding: 'client-key-unparseable', problem: 'the JWK could not be imported' },
      cause: err instanceof TypeError ? undefined : err,
    });
  }
}

export function isClientKey(value: unknown): value is ClientKey {
  return typeof value === 'object' && value !== null && isCryptoKey((value as { key?: unknown }).key);
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return value instanceof globalThis.CryptoKey;
}
