// The machine's PC/SC stack for the virtual cards: pcscd with vsmartcard's vpcd reader driver.
// There is one pcscd per machine and vpcd's reader ports are fixed (35963, 35964), so everything
// that uses them takes a machine-wide lock first (a directory holding the owner's pid; a dead
// owner's lock is taken over). pcscd is started in the foreground (`pcscd -f`) when none runs —
// that needs root (it creates /run/pcscd) — and stopped again by whoever started it. Elsewhere
// (a developer's desktop) run pcscd as the system service and install vsmartcard-vpcd; then it is
// reused and never stopped here.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSC_MODULE = process.env['HELSEID_OPENSC_MODULE'] ?? '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
/** vpcd's fixed reader ports: "Virtual PCD 00 00" and "Virtual PCD 00 01" */
export const VPCD_PORTS = [35963, 35964] as const;
const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const PCSCD_CANDIDATES = ['/usr/sbin/pcscd', '/usr/bin/pcscd'];
const LOCK_DIR = join(tmpdir(), 'helseid-desktop-pcsc.lock');

/** Why PC/SC cards cannot run here, or undefined when they can. */
export function pcscUnavailableReason(): string | undefined {
  const missing = [
    ...(PCSCD_CANDIDATES.some(existsSync) ? [] : ['pcscd (Debian package pcscd)']),
    ...(existsSync(VPCD_DRIVER) ? [] : [`the vpcd reader driver ${VPCD_DRIVER} (vsmartcard-vpcd)`]),
    ...(existsSync(OPENSC_MODULE) ? [] : [`OpenSC's PKCS#11 module ${OPENSC_MODULE} (opensc-pkcs11)`]),
  ];
  if (missing.length > 0) return `not installed: ${missing.join(', ')} — run scripts/setup.sh`;
  if (!existsSync(PCSCD_SOCKET) && process.getuid?.() !== 0)
    return 'pcscd is not running and starting it needs root (run the pcscd service)';
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the machine-wide PC/SC lock; returns its release. */
export async function acquirePcscLock(
  options: { timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<() => void> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let told = false;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      return () => rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the PC/SC lock ${LOCK_DIR} is still held by process ${owner}`);
      if (!told) {
        options.log?.(`waiting for the PC/SC lock held by process ${owner}`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function socketAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(PCSCD_SOCKET);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function readerPortsOpen(): Promise<boolean> {
  return Promise.all(
    VPCD_PORTS.map(
      (port) =>
        new Promise<boolean>((resolve) => {
          // only while our own pcscd starts: no card is in its readers yet
          const socket = connect({ host: '127.0.0.1', port });
          socket.once('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        }),
    ),
  ).then((open) => open.every(Boolean));
}

export interface Pcscd {
  /** true when we started it (and stop() stops it) */
  readonly ours: boolean;
  stop(): Promise<void>;
}

/** Makes sure pcscd runs with the vpcd readers listening; starts `pcscd -f` if needed. */
export async function ensurePcscd(log: (line: string) => void = () => {}): Promise<Pcscd> {
  // A running pcscd is reused (its vpcd readers are not probed: a probe connection would be
  // taken for a card by a reader that holds none, and pcscd is the only one that loads vpcd).
  if (await socketAnswers()) return { ours: false, stop: async () => {} };
  const binary = PCSCD_CANDIDATES.find(existsSync);
  if (!binary) throw new Error('pcscd is not installed (Debian package pcscd)');
  const child: ChildProcess = spawn(binary, ['-f'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!((await socketAnswers()) && (await readerPortsOpen()))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`pcscd did not come up with the vpcd readers: ${stderr.trim() || `exit code ${child.exitCode}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(`pcscd started (pid ${child.pid})`);
  return {
    ours: true,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
