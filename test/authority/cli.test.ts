// `npm run env` contract: one JSON line on stdout from an empty state, logs on stderr, clean exit on
// SIGTERM. How fast it starts is measured, not asserted (tests never assert on time; a loaded CI
// machine took 15 s): the time is printed for a person to read.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { EnvironmentInfo } from '../../authority/environment.ts';
import { PROJECT_ROOT } from '../../authority/environment.ts';

describe('cli', () => {
  it('cli_fromEmptyState_printsOneJsonLineAndStopsOnSigterm', async () => {
    const stateDir = await mkdtemp(path.join(tmpdir(), 'helseid-cli-test-'));
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [path.join(PROJECT_ROOT, 'authority/cli.ts'), '--state', stateDir, '--fault', 'token=503,times:1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: string[] = [];
    const firstLine = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        resolve(line);
      });
      child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
    });
    try {
      const info = JSON.parse(await firstLine) as EnvironmentInfo;
      console.log(`npm run env from an empty state: first line after ${Date.now() - started} ms`);
      expect(info.authority).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.apis.map((a) => a.name)).toContain('person');
      expect(info.cards.length).toBeGreaterThan(0);
      // the Selvbetjening part of the line is a contract the app reads by these exact names
      expect(info.selvbetjening).toEqual({
        api_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        web_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/portal$/),
        api_key_path: path.join(stateDir, 'selvbetjening', 'api-key'),
        organization_number: expect.stringMatching(/^\d{9}$/),
        child_organization_numbers: expect.arrayContaining([expect.stringMatching(/^\d{9}$/)]),
      });
      expect((await stat(info.selvbetjening.api_key_path)).mode & 0o777).toBe(0o600);
      expect((await stat(info.clients[0]!.private_jwk_path)).mode & 0o777).toBe(0o600);
      const discovery = await fetch(`${info.authority}/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);
      expect((await fetch(`${info.authority}/connect/token`, { method: 'POST' })).status).toBe(503);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines).toHaveLength(1);
      await rm(stateDir, { recursive: true, force: true });
    }
    // from an empty state the child makes every key, CA and virtual card first: 10 s on a quiet
    // machine, over 30 s on a loaded one with the other test files beside it
  }, 90_000);
});
