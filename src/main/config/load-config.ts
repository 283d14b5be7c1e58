// Reads and validates the configuration file. A missing file is not an error: it means "use the
// embedded environment" (the caller starts it and builds the config with configFromEnvironmentInfo).
// Every other problem is an AppError('invalid-config') naming the file, the field and what is expected.
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../shared/errors/app-error.ts';
import { readRegularFile, type FileKind, type FileRead } from '../files/regular-file.ts';
import { configSchema, type ConfigFile } from './config-schema.ts';

export type LoadedConfig =
  | { readonly source: 'file'; readonly path: string; readonly config: ConfigFile }
  | { readonly source: 'missing'; readonly path: string };

/** A configuration is a few kB; a larger "file" is something else (a log, a device) and is not read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  const read = await readRegularFile(file, { maxBytes: MAX_CONFIG_BYTES });
  if (read.ok) return { source: 'file', path: file, config: parseConfigText(read.data.toString('utf8'), file) };
  if (read.fault === 'missing') return { source: 'missing', path: file };
  throw configError(file, fileProblem(read));
}

const NOT_A_FILE: Readonly<Record<FileKind, string>> = {
  directory: 'expected a file, not a folder',
  fifo: 'expected a file, not a named pipe (FIFO)',
  socket: 'expected a file, not a socket',
  device: 'expected a file, not a device',
  other: 'expected a file, not a special file',
};

/** What is at the configuration's path instead of a readable file, as a rule config-problem-text.ts words. */
function fileProblem(fault: Exclude<FileRead, { ok: true }>): string {
  if (fault.fault === 'not-a-file') return NOT_A_FILE[fault.kind];
  if (fault.fault === 'too-big') return 'expected a file of at most 1 MB';
  if (fault.fault === 'unreadable') return `cannot be read (${fault.code})`;
  return 'expected a file';
}

/** Validates file content; `file` only names the source in errors. */
export function parseConfigText(raw: string, file: string): ConfigFile {
  let json: unknown;
  const body = raw.replace(/^\uFEFF/, ''); // Notepad writes a BOM
  try {
    json = JSON.parse(body);
  } catch (err) {
    // The parser's message quotes the file's content, so only the position is taken from it: IT
    // gets the line and column an editor shows, not "somewhere in the file".
    const { line, column } = lineAndColumn(body, syntaxErrorPosition(err, body));
    throw new AppError('invalid-config', {
      message: `${path.basename(file)}: line ${line}, column ${column}: expected valid JSON`,
      detail: { file, line, column, problem: 'expected valid JSON', issues: 1 },
    });
  }
  const result = configSchema.safeParse(json, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: fieldPath(issue), problem: problemOf(issue) }));
  const first = issues[0]!;
  const name = path.basename(file);
  throw new AppError('invalid-config', {
    message: issues.map((i) => `${name}: ${i.field}: ${i.problem}`).join('\n'),
    detail: { file, field: first.field, problem: first.problem, issues: issues.length },
  });
}

/** The file as a whole (it names no field): what is at its path, or that it cannot be read. */
function configError(file: string, problem: string): AppError {
  return new AppError('invalid-config', {
    message: `${path.basename(file)}: ${problem}`,
    detail: { file, problem, issues: 1 },
  });
}

/** ['apis', 1, 'resource'] → 'apis[1].resource' */
export function fieldPath(issue: z.core.$ZodIssue): string {
  const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const joined = keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
  return joined === '' ? '(top level)' : joined;
}

function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return 'unknown field (check the spelling)';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing: ${issue.message}`;
  return issue.message;
}

/** Where JSON.parse stopped: V8 names the character's offset ("at position 17"), or the end of the text. */
function syntaxErrorPosition(err: unknown, body: string): number {
  const at = err instanceof SyntaxError ? /at position (\d+)/.exec(err.message) : null;
  return at ? Math.min(Number(at[1]), body.length) : body.length;
}

/** 1-based line and column of an offset, as editors count them (a CR before the LF ends the line too). */
export function lineAndColumn(body: string, offset: number): { line: number; column: number } {
  const before = body.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
