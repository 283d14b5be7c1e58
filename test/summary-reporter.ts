// Prints one plain closing line, "N passed, N failed, N skipped", that any CI log reader
// understands, and lists every skipped test with its reason so a skip is never silent. Just above
// that line, every failed test (or file) with the first lines of its error: a CI log is often read
// from its tail only, and the failure must be in that tail, not only scrolled past in the stream.
// A test file that failed outside its tests (a crashed hook, an import error) counts as failed.
// Above it: the ten slowest files (the time each held a worker: import, hooks and tests) and every
// test over 10 s, so a file or test that grows slow is seen in the run that made it slow. A test
// that must take longer says why in a comment beside it.
import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST_FILES = 10;
const SLOW_TEST_MS = 10_000;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    const skipped: string[] = [];
    const failures: string[] = unhandledErrors.map((e) => `unhandled error — ${firstLines(e)}`);
    const files: { name: string; ms: number; tests: number }[] = [];
    const slowTests: { name: string; ms: number }[] = [];
    for (const module of testModules) {
      const file = module.moduleId.replace(process.cwd() + '/', '');
      const name = `${module.project.name} ${file}`;
      if (module.errors().length > 0) failures.push(`${file} (the file itself) — ${firstLines(module.errors()[0])}`);
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests += 1;
        const result = test.result();
        if (result.state === 'passed') passed += 1;
        else if (result.state === 'failed')
          failures.push(`${name} > ${test.fullName} — ${firstLines(result.errors?.[0])}`);
        else if (result.state === 'skipped')
          skipped.push(`${file} > ${test.fullName}${result.note ? ` — ${result.note}` : ''}`);
        const ms = test.diagnostic()?.duration ?? 0;
        if (ms > SLOW_TEST_MS) slowTests.push({ name: `${file} > ${test.fullName}`, ms });
      }
      files.push({ name, ms: heldWorkerMs(module), tests });
    }
    const lines = files.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_FILES);
    if (lines.length > 0)
      process.stdout.write(
        `\nSLOWEST FILES (${lines.length} of ${files.length}; seconds a worker spent on each):\n` +
          lines.map((f) => `  ${seconds(f.ms)}  ${f.name} (${f.tests} tests)`).join('\n') +
          '\n',
      );
    if (slowTests.length > 0)
      process.stdout.write(
        `\nTESTS OVER ${SLOW_TEST_MS / 1000} s (each must say why in a comment):\n` +
          slowTests
            .sort((a, b) => b.ms - a.ms)
            .map((t) => `  ${seconds(t.ms)}  ${t.name}`)
            .join('\n') +
          '\n',
      );
    if (skipped.length > 0)
      process.stdout.write(`\nSKIPPED (${skipped.length}):\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
    if (failures.length > 0)
      process.stdout.write(`\nFAILED (${failures.length}):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    process.stdout.write(`\n${passed} passed, ${failures.length} failed, ${skipped.length} skipped\n`);
  }
}

function heldWorkerMs(module: TestModule): number {
  const d = module.diagnostic();
  return d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration + d.duration;
}

/** The error's message, at most four lines of it, indented under its test. */
function firstLines(error: unknown): string {
  const e = error as { message?: unknown; stack?: unknown } | undefined;
  const text = typeof e?.message === 'string' ? e.message : String(error);
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(0, 4).join('\n      ') + (lines.length > 4 ? '\n      …' : '');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`.padStart(7);
}
