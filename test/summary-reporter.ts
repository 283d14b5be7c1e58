// Prints one plain closing line, "N passed, N failed, N skipped", that any CI log reader
// understands, and lists every skipped test with its reason so a skip is never silent.
// A test file that failed outside its tests (a crashed hook, an import error) counts as failed.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    const skipped: string[] = [];
    for (const module of testModules) {
      const file = module.moduleId.replace(process.cwd() + '/', '');
      if (module.errors().length > 0) failed += 1;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed += 1;
        else if (result.state === 'failed') failed += 1;
        else if (result.state === 'skipped')
          skipped.push(`${file} > ${test.fullName}${result.note ? ` — ${result.note}` : ''}`);
      }
    }
    if (skipped.length > 0)
      process.stdout.write(`\nSKIPPED (${skipped.length}):\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
  }
}
