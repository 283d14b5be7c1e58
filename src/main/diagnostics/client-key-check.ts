// Can this machine's client key sign a client assertion? The same reading the app does at start-up
// and at every login (src/main/keys/client-key.ts: the account's own regular file — not a link, a
// folder or a FIFO, owned by this account, nobody else may read it or change its folder — parseable
// as a private JWK), so `doctor` and the window name the same finding. Every login needs the key, so
// a failure here is a blocking finding. The key's content is never quoted, only what is wrong with it.
import { lstat } from 'node:fs/promises';
import { isAppError } from '../../shared/errors/app-error.ts';
import { importClientKey, readClientJwk } from '../keys/client-key.ts';
import type { KeyFileFinding } from '../keys/private-file.ts';

export type ClientKeyProblem = KeyFileFinding;

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
  /** what the finding's words name: the file or folder at fault, its mode, the fix (IT's command) */
  readonly detail?: Readonly<Record<string, string>>;
}

export async function checkClientKey(
  file: string,
  platform: NodeJS.Platform = process.platform,
): Promise<ClientKeyCheck> {
  const info = await lstat(file).catch(() => undefined);
  const mode = platform !== 'win32' && info ? { mode: (info.mode & 0o777).toString(8).padStart(3, '0') } : {};
  try {
    const jwk = await readClientJwk(file);
    await importClientKey(jwk, file);
    return {
      file,
      present: true,
      parseable: true,
      private: true,
      ...mode,
      ...(platform !== 'win32' ? { protected: true } : {}),
      ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}),
      ...(typeof jwk.alg === 'string' ? { alg: jwk.alg } : {}),
    };
  } catch (err) {
    if (!isAppError(err) || typeof err.detail?.['finding'] !== 'string') throw err;
    const problem = err.detail['finding'] as KeyFileFinding;
    const detail = Object.fromEntries(
      Object.entries(err.detail).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'finding'),
    );
    return {
      file,
      present: problem !== 'client-key-missing',
      ...(problem === 'client-key-unparseable' ? { parseable: false } : {}),
      ...(problem === 'client-key-not-private' ? { parseable: true, private: false } : {}),
      ...mode,
      ...(problem === 'client-key-exposed' ? { protected: false } : {}),
      problem,
      detail,
    };
  }
}
