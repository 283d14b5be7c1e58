// The command-line front end: `helseid-desktop <doctor|cards|login> [options]` (bin/helseid-desktop.mjs).
// Parses the command line, picks the language, runs the command, and turns its outcome into an
// exit code: 0 ok, 1 failure (one sentence from the error table on stderr), 2 wrong command line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../shared/errors/app-error.ts';
import { cardsCommand } from './cards-command.ts';
import { resolveCliConfig } from './cli-config.ts';
import type { CliIo, CommandContext } from './context.ts';
import { doctorCommand } from './doctor-command.ts';
import { failureJson, failureLines } from './failure.ts';
import { chooseLanguage } from './language.ts';
import { tokenCommand } from './commands/token.ts';
import { loginCommand } from './login-command.ts';
import { keyCommand } from './commands/key.ts';
import { setupCommand } from './commands/setup.ts';
import { kjernejournalCommand } from './commands/kjernejournal.ts';
import { helpFor, UsageError, type CommandName } from './usage.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  lang: { type: 'string' },
  json: { type: 'boolean' },
  'env-json': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const COMMANDS: Readonly<Record<CommandName, { options: Options; run: (ctx: CommandContext) => Promise<number> }>> = {
  doctor: { options: COMMON, run: doctorCommand },
  cards: { options: COMMON, run: cardsCommand },
  login: {
    options: {
      ...COMMON,
      card: { type: 'string' },
      'pin-stdin': { type: 'boolean' },
      browser: { type: 'string' },
      'test-pid': { type: 'string' },
    },
    run: loginCommand,
  },
  token: { options: { ...COMMON, api: { type: 'string' } }, run: tokenCommand },
  kjernejournal: {
    options: {
      ...COMMON,
      patient: { type: 'string' },
      basis: { type: 'string' },
      authorization: { type: 'string' },
      hold: { type: 'string' },
      card: { type: 'string' },
      'pin-stdin': { type: 'boolean' },
      browser: { type: 'string' },
      'test-pid': { type: 'string' },
    },
    run: kjernejournalCommand,
  },
  setup: { options: { ...COMMON, browser: { type: 'string' }, replace: { type: 'boolean' } }, run: setupCommand },
  key: { options: COMMON, run: (ctx) => keyCommand(ctx, ctx.options['action'] as string | undefined) },
};

/** `key status|renew`: the one command with an action word; everything else takes options only. */
function actionOf(name: CommandName, rest: readonly string[]): { action?: string; args: string[] } {
  if (name !== 'key' || rest[0] === undefined || rest[0].startsWith('-')) return { args: [...rest] };
  return { action: rest[0], args: rest.slice(1) };
}

const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && Object.hasOwn(COMMANDS, name);

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help' || name === 'help')
    return write(io.stdout, helpFor('main', chooseLanguage(undefined, io.env)), 0);
  const cancel = new AbortController();
  const onSigint = () => cancel.abort(new AppError('login-cancelled', { retriable: true }));
  process.once('SIGINT', onSigint);
  let language = chooseLanguage(undefined, io.env);
  let json = false;
  try {
    if (!isCommand(name))
      throw new UsageError(name === undefined ? 'no command given' : `unknown command "${name.slice(0, 40)}"`);
    const command = COMMANDS[name];
    const { action, args } = actionOf(name, rest);
    const { values } = parseArgs({ args, options: command.options, strict: true, allowPositionals: false });
    if (values.help)
      return write(io.stdout, helpFor(name, chooseLanguage(values.lang as string | undefined, io.env)), 0);
    language = chooseLanguage(values.lang as string | undefined, io.env);
    json = values.json === true;
    const envJson = values['env-json'] as string | undefined;
    return await command.run({
      io,
      language,
      json: values.json === true,
      options: { ...values, ...(action === undefined ? {} : { action }) } as CommandContext['options'],
      // setup and key work on the workstation's own client: the embedded environment's Selvbetjening
      resolveConfig: () =>
        resolveCliConfig({
          env: io.env,
          stdin: io.stdin,
          ...(envJson === undefined ? {} : { envJson }),
          ...(name === 'setup' || name === 'key' ? { provisioning: true } : {}),
        }),
      note: (line) => void io.stderr.write(`${line}\n`),
      signal: cancel.signal,
    });
  } catch (err) {
    if (err instanceof UsageError)
      return write(
        io.stderr,
        `helseid-desktop: ${err.message}\n\n${helpFor(err.command ?? (isCommand(name) ? name : 'main'), language)}`,
        2,
      );
    // node:util parseArgs: unknown option, missing value
    const parseCode = (err as { code?: string }).code;
    if (parseCode?.startsWith('ERR_PARSE_ARGS')) {
      // a stray argument is not echoed: it may be a PIN typed in the wrong place
      const message =
        parseCode === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? 'this command takes no positional arguments'
          : (err as Error).message;
      return write(
        io.stderr,
        `helseid-desktop: ${message}\n\n${helpFor(isCommand(name) ? name : 'main', language)}`,
        2,
      );
    }
    // --json: the failure as data on stdout too (code, detail — the authority's description included)
    if (json) io.stdout.write(`${JSON.stringify(failureJson(err))}\n`);
    return write(
      io.stderr,
      failureLines(err, language)
        .map((line) => `helseid-desktop: ${line}\n`)
        .join(''),
      1,
    );
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function write(stream: NodeJS.WritableStream, text: string, code: number): number {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
  return code;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
