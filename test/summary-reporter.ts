// Prints one plain closing line, "N passed, N failed, N skipped", that any CI log reader
// understands, and lists every skipped test with its reason so a skip is never silent.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else if (state === 'skipped') skipped.push(`${module.moduleId.replace(process.cwd() + '/', '')} > ${test.fullName}${test.result().note ? ` — ${test.result().note}` : ''}`);
      }
    }
    if (skipped.length > 0) {
      process.stdout.write(`\nSKIPPED (${skipped.length}):\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
  }
}
