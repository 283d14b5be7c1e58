// The command line as a vendor's developer runs it against a HelseID like the conformance-testing
// service: the environment serves its authority under a path (`--issuer-path`), TestIdP takes NHN's
// example test number, a malformed one is refused naming `test_pid`, and scopes HelseID did not
// grant (`rejected_scope`) are printed. The real CLI in a child process; strict emulator (harness default).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResult } from '../../../src/main/cli/login-output.ts';
import { startAuthEnvironment } from '../auth/support/auth-harness.ts';
import { leaks, runCli, writeEnvironmentJson } from './support/run-cli.ts';

const ISSUER_PATH = '/9d2e7c41-0b5a-4f7e-a3c8-6e1f2b4d8a90';
const NHN_EXAMPLE_PID = '13116900216'; // a synthetic number from NHN's examples, not a built-in person
const HPR_SCOPE = 'helseid://scopes/hpr/hpr_number';
let env: Awaited<ReturnType<typeof startAuthEnvironment>>;
let envJson: string;

beforeAll(async () => {
  env = await startAuthEnvironment({ issuerPath: ISSUER_PATH });
  envJson = await writeEnvironmentJson(env.stateDir, env.info);
});
afterEach(() => env.faults.reset());
afterAll(() => env?.stop());

describe('helseid-desktop login against a path issuer', () => {
  it('loginWithNhnExampleTestPid13116900216_followBrowser_againstAPathIssuer_succeeds', async () => {
    expect(env.info.authority.endsWith(ISSUER_PATH)).toBe(true);
    const run = await runCli(
      ['login', '--test-pid', NHN_EXAMPLE_PID, '--browser', 'follow', '--json', '--env-json', envJson],
      env.stateDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as LoginResult;
    expect(result.user).toMatchObject({ securityLevel: '4', pidMasked: '131169*****', idp: 'testidp-oidc' });
    expect(result.user).not.toHaveProperty('hprNumber'); // not a built-in person: no HPR number unless asked for
    expect(result.apis.find((a) => a.name === 'person')).toMatchObject({ state: 'valid', call: { status: 200 } });
    expect(leaks(run.stdout + run.stderr, { pid: NHN_EXAMPLE_PID, pin: 'no-pin-in-this-login' })).toEqual([]);
  });

  it('loginWithTestPid123_failsWithAMessageNamingTestPid', async () => {
    // refused by the CLI itself before any request: the option is the CLI's name for test_pid
    const run = await runCli(
      ['login', '--test-pid', '123', '--browser', 'follow', '--env-json', envJson],
      env.stateDir,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^helseid-desktop: --test-pid must be an 11-digit national id number/);
  });

  it('loginWithElevenDigitsButAWrongCheckDigit_showsHelseIdsDescriptionNamingTestPid_inTextAndJson', async () => {
    // passes the CLI's own check, so TestIdP refuses it: its error_description reaches the developer
    const text = await runCli(
      ['login', '--test-pid', '13116900217', '--browser', 'follow', '--env-json', envJson],
      env.stateDir,
    );
    expect(text.code).not.toBe(0);
    expect(text.stderr).toMatch(/test_pid.*check digit/);
    const json = await runCli(
      ['login', '--test-pid', '13116900217', '--browser', 'follow', '--json', '--env-json', envJson],
      env.stateDir,
    );
    expect(json.code).not.toBe(0);
    expect(json.stdout + json.stderr).toMatch(/test_pid.*check digit/);
    expect(json.stdout + json.stderr).not.toContain('13116900217');
  });

  it('loginWhileHelseIdWithholdsAScope_printsWhichScopesWereNotGranted_inTextAndJson', async () => {
    env.faults.set({ rejectScopes: [HPR_SCOPE] });
    const text = await runCli(
      ['login', '--test-pid', NHN_EXAMPLE_PID, '--browser', 'follow', '--env-json', envJson],
      env.stateDir,
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`not granted: ${HPR_SCOPE}`);
    const json = await runCli(
      ['login', '--test-pid', NHN_EXAMPLE_PID, '--browser', 'follow', '--json', '--env-json', envJson],
      env.stateDir,
    );
    const result = JSON.parse(json.stdout) as LoginResult;
    expect(result.apis.find((a) => a.name === 'person')!.rejectedScopes).toEqual([HPR_SCOPE]);
  });
});
