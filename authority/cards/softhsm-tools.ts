// Everything that touches SoftHSM from the provisioning side, always in a child process
// (softhsm2-util, or token-writer.ts on Node), never by loading SoftHSM into this process.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenWriteRequest, TokenWriteResult } from './token-write-types.ts';

export const SOFTHSM_MODULE = process.env['HELSEID_SOFTHSM_MODULE'] ?? '/usr/lib/softhsm/libsofthsm2.so';
const TOKEN_WRITER = fileURLToPath(new URL('./token-writer.ts', import.meta.url));

export interface SoftHsmPaths {
  readonly dir: string;
  readonly conf: string;
  readonly tokenDir: string;
}

export function softHsmPaths(stateDir: string): SoftHsmPaths {
  const dir = join(stateDir, 'softhsm');
  return { dir, conf: join(dir, 'softhsm2.conf'), tokenDir: join(dir, 'tokens') };
}

/** slots.removable makes a deleted token look like a pulled card to the card subsystem. */
export async function writeSoftHsmConf(paths: SoftHsmPaths): Promise<void> {
  await mkdir(paths.tokenDir, { recursive: true, mode: 0o700 });
  const conf = [
    `directories.tokendir = ${paths.tokenDir}`,
    'objectstore.backend = file',
    'log.level = ERROR',
    'slots.removable = true',
    '',
  ].join('\n');
  await writeFile(paths.conf, conf);
}

function run(file: string, args: string[], conf: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, SOFTHSM2_CONF: conf, ELECTRON_RUN_AS_NODE: '1' };
    const child = execFile(
      file,
      args,
      { env, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        // stderr of these tools carries no PINs: PINs travel on argv (softhsm2-util) or stdin only
        if (error) reject(new Error(`${file} ${args[0] ?? ''} failed: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export interface TokenListing {
  readonly label: string;
  readonly serial: string;
}

/** Initialised tokens, parsed from `softhsm2-util --show-slots`. */
export async function listTokens(conf: string): Promise<TokenListing[]> {
  const out = await run('softhsm2-util', ['--show-slots'], conf);
  const tokens: TokenListing[] = [];
  for (const block of out.split(/^Slot /m).slice(1)) {
    const field = (name: string): string => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
    if (field('Initialized') === 'yes') tokens.push({ label: field('Label'), serial: field('Serial number') });
  }
  return tokens;
}

export async function deleteTokenBySerial(conf: string, serial: string): Promise<void> {
  await deleteToken(conf, ['--serial', serial], (t) => t.serial === serial);
}

export async function deleteTokenByLabel(conf: string, label: string): Promise<void> {
  await deleteToken(conf, ['--token', label], (t) => t.label === label);
}

/**
 * A running card service re-initialises SoftHSM, which rewrites each token's `generation` file; if
 * that lands between softhsm2-util deleting the files and deleting the folder, the tool fails with
 * "Could not delete the directory" although the token is gone. Then: check it is gone, and remove
 * the leftover folders (those without a token.object), so the next provisioning starts clean.
 */
async function deleteToken(conf: string, selector: string[], matches: (t: TokenListing) => boolean): Promise<void> {
  try {
    await run('softhsm2-util', ['--delete-token', ...selector], conf);
  } catch (error) {
    if (!/Could not delete the directory/i.test((error as Error).message)) throw error;
    if ((await listTokens(conf)).some(matches)) throw error;
    const tokenDir = join(dirname(conf), 'tokens');
    for (const entry of await readdir(tokenDir, { withFileTypes: true })) {
      const folder = join(tokenDir, entry.name);
      if (entry.isDirectory() && !existsSync(join(folder, 'token.object')))
        await rm(folder, { recursive: true, force: true });
    }
  }
}

/** Runs token-writer.ts on this Node (Electron as Node when run from the app). */
export async function writeTokens(conf: string, request: TokenWriteRequest): Promise<TokenWriteResult> {
  if (request.tokens.length === 0) return { tokens: [] };
  const out = await run(process.execPath, [TOKEN_WRITER], conf, JSON.stringify(request));
  return JSON.parse(out) as TokenWriteResult;
}
