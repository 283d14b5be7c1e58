// Reads and validates the configuration file. A missing file is not an error: it means "use the
// embedded environment" (the caller starts it and builds the config with configFromEnvironmentInfo).
// Every other problem is an AppError('invalid-config') naming the file, the field and what is expected.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../shared/errors/app-error.ts';
import { configSchema, type ConfigFile } from './config-schema.ts';

export type LoadedConfig =
  | { readonly source: 'file'; readonly path: string; readonly config: ConfigFile }
  | { readonly source: 'missing'; readonly path: string };

export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { source: 'missing', path: file };
    throw configError(file, '(file)', `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, err);
  }
  return { source: 'file', path: file, config: parseConfigText(raw, file) };
}

/** Validates file content; `file` only names the source in errors. */
export function parseConfigText(raw: string, file: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, '')); // Notepad writes a BOM
  } catch {
    // The parser's message quotes the file's content, so it is not passed on.
    throw configError(file, '(file)', 'expected valid JSON', undefined);
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

function configError(file: string, field: string, problem: string, cause: unknown): AppError {
  return new AppError('invalid-config', {
    message: `${path.basename(file)}: ${field}: ${problem}`,
    detail: { file, field, problem, issues: 1 },
    cause,
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
