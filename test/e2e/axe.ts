// Runs axe-core in the app page. The window's CSP forbids inline scripts (as it should), so
// axe's source goes in through Playwright's evaluate (the DevTools protocol, which CSP does not
// govern) instead of a <script> tag; the page itself stays exactly as strict as in the app.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_PATH = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');
let axeSource: string | undefined;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Excluded rules, and why: none. Only violations of impact serious or critical fail the test
 * (moderate and minor ones are printed, so they are seen).
 */
const EXCLUDED_RULES: readonly string[] = [];

export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  axeSource ??= await readFile(AXE_PATH, 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (excluded: readonly string[]) => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const rules = Object.fromEntries(excluded.map((id) => [id, { enabled: false }]));
    const result = await axe.run(document, { resultTypes: ['violations'], rules });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, EXCLUDED_RULES);
  const minor = violations.filter((v: Violation) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length > 0)
    process.stderr.write(`[axe] ${screen}: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}\n`);
  expect(
    violations.filter((v: Violation) => v.impact === 'serious' || v.impact === 'critical'),
    `axe on "${screen}"`,
  ).toEqual([]);
}
