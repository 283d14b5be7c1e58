// `npm test`: typecheck, lint, build and every test project — side by side where they can be.
//
// The tests mostly wait (child processes, SoftHSM, the browser, pcscd), so on a 2-core machine the
// run is shortest when the waiting overlaps: after the build (e2e needs dist/), three lanes start at
// once and the run ends when the last one does:
//   checks  typecheck, then lint (one core at most; nothing else needs their result)
//   tests   vitest: unit, integration and e2e, their files side by side (vitest.config.ts)
//   pcsc    vitest: the pcsc project in a vitest of its own, one file at a time (one pcscd per
//           machine), beside the others — vitest itself would run it only after them
// The tests lane streams its output; a check says its verdict when it ends (and its output if it
// failed); the pcsc lane's output follows the tests lane's. Each vitest writes a blob report, and
// one merged summary (test/summary-reporter.ts: the slowest files, the closing
// "N passed, N failed, N skipped" line) closes the run. Exit code 1 if any lane failed.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

interface Outcome {
  name: string;
  code: number;
  seconds: number;
  output: string;
}

/** Runs one command; `stream` prints as it goes, otherwise the output is kept for later. */
function run(name: string, command: string, args: string[], stream = false): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env['FORCE_COLOR'] ?? (process.stdout.isTTY ? '1' : '0') },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (code: number) => resolve({ name, code, seconds: (Date.now() - started) / 1000, output });
    child.once('error', (error) => {
      output += `${error.message}\n`;
      done(1);
    });
    child.once('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/** Runs the steps one after the other, each reported as soon as it ends. */
async function sequence(steps: (() => Promise<Outcome>)[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) {
    const outcome = await step();
    report(outcome, outcome.code !== 0);
    outcomes.push(outcome);
  }
  return outcomes;
}

function report(outcome: Outcome, printOutput: boolean): void {
  const verdict = outcome.code === 0 ? 'ok' : `FAILED (exit ${outcome.code})`;
  process.stdout.write(`\n── ${outcome.name}: ${verdict} in ${outcome.seconds.toFixed(0)} s\n`);
  if (printOutput && outcome.output.trim()) process.stdout.write(outcome.output.replace(/\n?$/, '\n'));
}

const started = Date.now();
const blobs = await mkdtemp(path.join(tmpdir(), 'helseid-test-reports-'));
const vitest = (project: string[], blob: string) => [
  'run',
  ...project.flatMap((p) => ['--project', p]),
  '--reporter=default',
  '--reporter=blob',
  `--outputFile.blob=${path.join(blobs, blob)}`,
];

const build = await run('build', 'npm', ['run', '--silent', 'build']);
report(build, build.code !== 0);
if (build.code !== 0) process.exit(1);

const [checks, tests, pcsc] = await Promise.all([
  sequence([
    () => run('typecheck', 'npm', ['run', '--silent', 'typecheck']),
    () => run('lint', 'npm', ['run', '--silent', 'lint']),
  ]),
  run('vitest unit, integration, e2e', bin('vitest'), vitest(['unit', 'integration', 'e2e'], 'tests.json'), true),
  run('vitest pcsc', bin('vitest'), vitest(['pcsc'], 'pcsc.json')),
]);
report(tests, false);
report(pcsc, true);

// one summary over both vitest runs: the ten slowest files and the closing line
const written = (await readdir(blobs)).length;
const merged = await run(
  'summary',
  bin('vitest'),
  ['--merge-reports', blobs, '--reporter=./test/summary-reporter.ts'],
  true,
);
await rm(blobs, { recursive: true, force: true });
const failed = [...checks, tests, pcsc, merged].filter((o) => o.code !== 0).map((o) => o.name);
if (written < 2) failed.push(`${2 - written} of the two vitest runs wrote no report (see above)`);
const took = `${((Date.now() - started) / 1000).toFixed(0)} s`;
process.stdout.write(`\nnpm test: ${failed.length === 0 ? 'ok' : `FAILED (${failed.join('; ')})`} in ${took}\n`);
process.exit(failed.length === 0 ? 0 : 1);
