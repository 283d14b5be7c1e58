// Runs the real command line (bin/helseid-desktop.mjs) as a child process on this Node, with a
// machine configuration path that does not exist (so the developer's own files never leak in)
// unless a test gives one, and returns exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, type EnvironmentInfo } from '../../../../authority/environment.ts';

export const CLI = path.join(PROJECT_ROOT, 'bin', 'helseid-desktop.mjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
  /** sees stderr as it grows (for commands that wait on the user) */
  readonly onStderr?: (stderrSoFar: string) => void;
}

export async function writeEnvironmentJson(stateDir: string, info: EnvironmentInfo): Promise<string> {
  const file = path.join(stateDir, 'environment-line.json');
  await writeFile(file, `${JSON.stringify(info)}\n`);
  return file;
}

export function runCli(args: readonly string[], stateDir: string, options: CliOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    LANG: 'en_GB.UTF-8',
    HELSEID_DESKTOP_CONFIG: path.join(stateDir, 'no-machine-config.json'),
    // the user's own state (the browser binding, card bindings, an account key store) in the test's folder, never in $HOME
    HELSEID_DESKTOP_STATE_DIR: path.join(stateDir, 'user-state'),
  };
  delete env['HELSEID_DESKTOP_ENVIRONMENT'];
  delete env['SOFTHSM2_CONF'];
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], cwd: PROJECT_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(stderr);
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `helseid-desktop ${args[0]} did not finish within ${options.timeoutMs ?? 25_000} ms\nstderr: ${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 25_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What must never appear in anything the CLI prints. */
export function leaks(output: string, secrets: { pid: string; pin: string }): string[] {
  const found: string[] = [];
  if (output.includes(secrets.pid)) found.push('full national id number');
  if (new RegExp(`(^|\\D)${secrets.pin}(\\D|$)`).test(output)) found.push('PIN');
  if (/eyJ[\w-]+\.[\w-]+\.[\w-]*/.test(output)) found.push('JWT');
  if (/"(access_token|refresh_token|id_token)"/.test(output)) found.push('token field');
  return found;
}
