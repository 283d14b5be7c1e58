// Can this machine's client key sign a client assertion? Present, readable, parseable as a JWK,
// private (has "d"), and protected (nobody but the owner may read it). Every login needs it, so a
// failure here is a blocking finding. The key's content is never quoted, only what is wrong with it.
import { readFile, stat } from 'node:fs/promises';
import { importJWK, type JWK } from 'jose';

export type ClientKeyProblem =
  | 'client-key-missing'
  | 'client-key-unreadable'
  | 'client-key-unparseable'
  | 'client-key-not-private'
  | 'client-key-exposed';

export interface ClientKeyCheck {
  readonly file: string;
  readonly present: boolean;
  readonly parseable?: boolean;
  readonly private?: boolean;
  /** POSIX mode bits as octal text ('600'); absent on Windows, where modes say nothing about ACLs */
  readonly mode?: string;
  readonly protected?: boolean;
  readonly kid?: string;
  readonly alg?: string;
  /** the first thing wrong, as a finding code */
  readonly problem?: ClientKeyProblem;
}

export async function checkClientKey(
  file: string,
  platform: NodeJS.Platform = process.platform,
): Promise<ClientKeyCheck> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      file,
      present: false,
      problem: code === 'ENOENT' || code === 'ENOTDIR' ? 'client-key-missing' : 'client-key-unreadable',
    };
  }
  // group or others may read: on a shared workstation anyone logged in could copy the clinic's key
  const posix = platform !== 'win32';
  const protection = posix ? { mode: (mode & 0o777).toString(8), protected: (mode & 0o077) === 0 } : {};
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return { file, present: true, ...protection, problem: 'client-key-unreadable' };
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(raw.replace(/^\uFEFF/, '')) as JWK;
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string') throw new TypeError('not a JWK');
    await importJWK(jwk, jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256'));
  } catch {
    return { file, present: true, parseable: false, ...protection, problem: 'client-key-unparseable' };
  }
  const described = {
    file,
    present: true,
    parseable: true,
    private: jwk.d !== undefined,
    ...protection,
    ...(jwk.kid ? { kid: jwk.kid } : {}),
    ...(jwk.alg ? { alg: jwk.alg } : {}),
  };
  if (jwk.d === undefined) return { ...described, problem: 'client-key-not-private' };
  if (protection.protected === false) return { ...described, problem: 'client-key-exposed' };
  return described;
}
