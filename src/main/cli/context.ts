// What every command gets: its parsed options, the language, the streams and the environment.
// Streams and environment are parameters so tests and the app can run commands without a process.
import type { Readable, Writable } from 'node:stream';
import type { Language } from '../../shared/errors/error-texts.ts';
import type { CliConfig } from './cli-config.ts';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CommandContext {
  readonly io: CliIo;
  readonly language: Language;
  readonly json: boolean;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly resolveConfig: () => Promise<CliConfig>;
  /** progress and notes for a person: stderr, so stdout stays clean for --json */
  readonly note: (line: string) => void;
  /** aborted on Ctrl-C */
  readonly signal: AbortSignal;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
