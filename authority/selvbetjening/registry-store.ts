// The Selvbetjening's files in the environment's state folder: the registered clients (public
// data, written atomically so a crash never leaves half a file) and the client system's API key
// (a secret: mode 0600, like everything else that would let someone act as the vendor).
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const CLIENTS_FILE = 'clients.json';
const API_KEY_FILE = 'api-key';

/** The clients as the registry wrote them (client-registry.ts says their shape). */
export async function readRegistryFile<Client>(dir: string): Promise<Client[]> {
  const file = path.join(dir, CLIENTS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as { version: number; clients: Client[] };
    if (parsed.version !== 1 || !Array.isArray(parsed.clients)) throw new Error('expected {"version":1,"clients":[…]}');
    return parsed.clients;
  } catch (err) {
    throw new Error(`state file ${file} is unreadable: ${(err as Error).message}`, { cause: err });
  }
}

export async function writeRegistryFile<Client>(dir: string, clients: readonly Client[]): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, CLIENTS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ version: 1, clients }, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

/** The API key of the embedded "client system": generated once, then read back; returns it and its path. */
export async function loadApiKey(dir: string): Promise<{ apiKey: string; path: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, API_KEY_FILE);
  try {
    const apiKey = (await readFile(file, 'utf8')).trim();
    await chmod(file, 0o600); // an older state folder may have a wider mode
    if (apiKey) return { apiKey, path: file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const apiKey = randomBytes(32).toString('base64url');
  await writeFile(file, `${apiKey}\n`, { mode: 0o600 });
  return { apiKey, path: file };
}
