// The order in which test files start. They run side by side on a few workers and the run ends when
// the last worker is done, so a long file that starts late IS the run's tail: the longest start
// first. Files of one project stay together, the project with the longest file first: a worker
// keeps its loaded modules only for a next file of the same project (isolate: false), so mixing
// projects would load them again and again. How long a file takes: its time in the previous run
// (vitest's cache), else, on a fresh clone, an estimate — the files below, long by design, then
// e2e and integration files (seconds each), then unit files (fractions of a second), larger files
// first. Files with a known failure still start first, as vitest's own sequencer does.
import { statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that are long by design (see each file's comment): they start first on a fresh clone too. */
const LONG_BY_DESIGN = [
  // the CLI must give up on a PKCS#11 module that never answers within its 35 s budget
  'test/integration/card/hung-module.test.ts',
  // fourteen tests, each running the real CLI in child processes (the run's longest file on CPU)
  'test/integration/cli/cli-commands.test.ts',
];

/** A fresh clone's guess per file of each project (ms); only the order matters. */
const GUESS_MS: Record<string, number> = { e2e: 10_000, integration: 5_000, pcsc: 10_000, unit: 500 };

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = (spec: TestSpecification) => this.ctx.cache.getTestSpecificationResult(spec);
    const estimate = (spec: TestSpecification): number => {
      const cached = known(spec);
      if (cached) return cached.duration;
      const relative = spec.moduleId.slice(this.ctx.config.root.length + 1);
      if (LONG_BY_DESIGN.includes(relative)) return 60_000;
      return (GUESS_MS[spec.project.name] ?? 5_000) + size(spec.moduleId) / 1_000;
    };
    const keyed = files.map((spec) => ({ spec, failed: known(spec)?.failed === true, ms: estimate(spec) }));
    const longest = new Map<string, number>();
    for (const { spec, ms } of keyed) longest.set(spec.project.name, Math.max(ms, longest.get(spec.project.name) ?? 0));
    const project = (k: (typeof keyed)[number]) => longest.get(k.spec.project.name)!;
    keyed.sort(
      (a, b) =>
        Number(b.failed) - Number(a.failed) ||
        project(b) - project(a) ||
        a.spec.project.name.localeCompare(b.spec.project.name) ||
        b.ms - a.ms,
    );
    return keyed.map((k) => k.spec);
  }
}

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
