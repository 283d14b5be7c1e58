// `helseid-desktop kjernejournal`: the real command line in a child process, a SoftHSM card, the
// built-in follow browser (which keeps the login's cookies, as a browser does), the emulated
// Kjernejournal. It prints what happened in the person's language — never the code, the verifier,
// the PIN or the patient's whole number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthEnvironment } from '../auth/support/auth-harness.ts';
import { leaks, runCli, writeEnvironmentJson } from './support/run-cli.ts';

const KARI_CARD = 'Buypass Kari Nordmann';
const PATIENT = '05076600343';
let env: Awaited<ReturnType<typeof startAuthEnvironment>>;
let envJson: string;
const pin = () => env.info.cards.find((c) => c.token_label === KARI_CARD)!.pin;

beforeAll(async () => {
  env = await startAuthEnvironment();
  envJson = await writeEnvironmentJson(env.stateDir, env.info);
});
afterAll(() => env?.stop());

const args = (...more: string[]) => [
  'kjernejournal',
  '--card',
  KARI_CARD,
  '--pin-stdin',
  '--browser',
  'follow',
  '--hold',
  '0',
  '--env-json',
  envJson,
  ...more,
];

function expectNothingSecret(output: string) {
  expect(leaks(output, { pid: PATIENT, pin: pin() })).toEqual([]);
  expect(output).not.toMatch(/ehr_code_verifier|hentpasient|code=/);
  expect(output).not.toMatch(/\d{11}/);
}

describe('helseid-desktop kjernejournal', () => {
  it('opensThePatientInTheBrowserTheLoginUsed_endsTheSession_andSaysSoInBokmaal', async () => {
    const run = await runCli(args('--patient', PATIENT, '--basis', 'samtykke', '--lang', 'nb'), env.stateDir, {
      stdin: `${pin()}\n`,
      timeoutMs: 40_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Logget inn: Kari Nordmann (HPR 9144900)');
    expect(run.stderr).toContain(
      'Kjernejournal: pasient 050766***** er åpnet i nettleseren (grunnlag SAMTYKKE, autorisasjon LE).',
    );
    expect(run.stdout).toBe('Kjernejournal: økten er avsluttet. Du er logget ut.\n');
    expectNothingSecret(run.stdout + run.stderr);
    // the follow browser really got to the portal with the code (it carried the login's binding cookie)
    expect(env.kjernejournal.sessions().at(-1)).toMatchObject({ status: 'ended', codeUsed: true, basis: 'SAMTYKKE' });
  });

  it('json_inEnglish_saysWhoWhichPatientMaskedAndThatItEnded', async () => {
    const run = await runCli(args('--patient', PATIENT, '--basis', 'AKUTT', '--json', '--lang', 'en'), env.stateDir, {
      stdin: `${pin()}\n`,
      timeoutMs: 40_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Kjernejournal: patient 050766***** is open in the browser (basis AKUTT');
    expect(JSON.parse(run.stdout)).toEqual({
      user: { name: 'Kari Nordmann', hprNumber: '9144900' },
      portal: {
        name: 'kjernejournal',
        patient: '050766*****',
        basis: 'AKUTT',
        authorization: 'LE',
        opened: true,
        ended: true,
      },
    });
    expectNothingSecret(run.stdout + run.stderr);
  });

  it('aWrongPatientNumber_failsBeforeAnyLogin_inThePersonsWords_withoutTheNumber', async () => {
    const run = await runCli(args('--patient', '05076600344', '--basis', 'SAMTYKKE', '--lang', 'nb'), env.stateDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('må være 11 sifre med riktig dato og kontrollsifre');
    expect(run.stderr).not.toContain('05076600344');
    expect(run.stderr).not.toContain('Logget inn');
  });

  it('aBasisThePortalDoesNotKnow_isAWrongCommandLine', async () => {
    const run = await runCli(args('--patient', PATIENT, '--basis', 'NØD'), env.stateDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--basis must be one of SAMTYKKE, AKUTT, UNNTAK');
  });
});
