// ANOTHER OS user's process trying to complete someone's login with a callback of its own: it finds
// every loopback port the victim's processes listen on (/proc/net/tcp names each socket's owner uid
// and is readable by every user) and sends each of them forged authorization responses — a code of
// its own with guessed states, an error, no state at all. Run by test/support/os-users.ts as that
// user; prints one JSON line per answer {port, path, status, error?} and {"event":"done"} after N seconds of forging.
// Usage: node callback-forger.ts --victim-uid UID --seconds N
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

const flag = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const victimUid = Number(flag('--victim-uid'));
// N seconds of forging from the moment the victim's first listener is seen (a loaded machine may take
// seconds to start the victim's login), and never longer than a minute in all
const forgingMs = Number(flag('--seconds')) * 1000;
const giveUpAt = Date.now() + 60_000;
/** when forging ends: set once the victim's first listener is seen */
let forgingEndsAt: number | undefined;
const LOOPBACK = '0100007F'; // 127.0.0.1 as /proc/net/tcp writes it
const LISTEN = '0A';

async function victimPorts(): Promise<number[]> {
  const rows = (await readFile('/proc/net/tcp', 'utf8')).split('\n').slice(1);
  const ports: number[] = [];
  for (const row of rows) {
    const cols = row.trim().split(/\s+/);
    const [address, port] = (cols[1] ?? '').split(':');
    if (address === LOOPBACK && cols[3] === LISTEN && Number(cols[7]) === victimUid) ports.push(parseInt(port!, 16));
  }
  return ports;
}

const forgeries = () => [
  `/callback?code=forged-${randomBytes(8).toString('hex')}&state=${randomBytes(16).toString('base64url')}`,
  `/callback?code=forged&state=${randomBytes(32).toString('base64url')}`,
  `/callback?error=access_denied&state=${randomBytes(16).toString('base64url')}`,
  '/callback?code=forged',
  '/callback',
];

while (Date.now() < Math.min(forgingEndsAt ?? giveUpAt, giveUpAt)) {
  const ports = await victimPorts();
  if (ports.length > 0) forgingEndsAt ??= Date.now() + forgingMs;
  for (const port of ports) {
    for (const path of forgeries()) {
      // status 0: no answer at all (the listener closed meanwhile, or did not answer in time), with why
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_000) }).then(
        async (res) => (await res.arrayBuffer(), { status: res.status }),
        (error: Error) => ({ status: 0, error: `${error.name}: ${error.message} ${String(error.cause ?? '')}`.trim() }),
      );
      process.stdout.write(`${JSON.stringify({ port, path, ...answer })}\n`);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write(`${JSON.stringify({ event: 'done' })}\n`);
