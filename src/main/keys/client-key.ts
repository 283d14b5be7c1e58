// The installation's private key for private_key_jwt, read from the JWK file named in the
// configuration (refused unless it is the account's own private file) and imported as a non-extractable CryptoKey (the key material never leaves WebCrypto).
import { importJWK, type JWK } from 'jose';
import type { CryptoKey } from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import { keyFileFault, readPrivateFile } from './private-file.ts';

export interface ClientKey {
  readonly key: CryptoKey;
  readonly kid?: string;
}

const ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** Reads IT's JWK file, refused (client-key-invalid, naming the finding) unless it is the account's own private file. */
export async function readClientJwk(file: string): Promise<JWK> {
  const data = await readPrivateFile(file);
  if (data === undefined) throw keyFileFault('client-key-missing', file);
  try {
    const jwk = JSON.parse(data.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new TypeError('not a JWK');
    return jwk as JWK;
  } catch {
    // the file's content is a private key: never quote it (the parser's message would)
    throw keyFileFault('client-key-unparseable', file, {
      problem: 'expected a private RSA or EC JWK with a supported alg',
    });
  }
}

export async function importClientKey(source: CryptoKey | JWK, file = '(injected)'): Promise<ClientKey> {
  if (isCryptoKey(source)) return { key: source };
  const alg = source.alg ?? (source.kty === 'EC' ? 'ES256' : 'RS256');
  if (!ALGS.includes(alg) || source.d === undefined) {
    const finding =
      source.d === undefined && typeof source.kty === 'string' ? 'client-key-not-private' : 'client-key-unparseable';
    throw keyFileFault(finding, file, { problem: 'expected a private RSA or EC JWK with a supported alg' });
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
