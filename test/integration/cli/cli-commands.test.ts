// The command line as IT and tests use it: the real CLI in a child process against the embedded
// environment (in-process, temp state dir) and its SoftHSM virtual cards.
import { chmod, copyFile, cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { configFromEnvironmentInfo } from '../../../src/main/config/index.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardSnapshot } from '../../../src/shared/card-types.ts';
import type { DoctorReport } from '../../../src/main/diagnostics/doctor-report.ts';
import type { LoginResult } from '../../../src/main/cli/login-output.ts';
import { KARI, startAuthEnvironment } from '../auth/support/auth-harness.ts';
import { followBrowser } from '../../../src/main/cli/follow-browser.ts';
import { leaks, runCli, writeEnvironmentJson } from './support/run-cli.ts';

const KARI_CARD = 'Buypass Kari Nordmann';
const PER_CARD = 'Buypass Per Uten-Hpr'; // the wrong-PIN test uses its own card
let env: Awaited<ReturnType<typeof startAuthEnvironment>>;
let envJson: string;
const pinOf = (label: string) => env.info.cards.find((c) => c.token_label === label)!.pin;

beforeAll(async () => {
  env = await startAuthEnvironment();
  envJson = await writeEnvironmentJson(env.stateDir, env.info);
});
afterAll(() => env?.stop());

describe('helseid-desktop command line', () => {
  it('doctorJson_withEmbeddedEnvironment_showsModulesCardsAndReachableAuthority', async () => {
    const run = await runCli(['doctor', '--json', '--env-json', envJson], env.stateDir);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.configuration).toMatchObject({ valid: true, source: expect.stringContaining(envJson) });
    expect(report.modules).toContainEqual(expect.objectContaining({ path: env.info.pkcs11_module, status: 'loaded' }));
    expect(report.cards!.map((c) => c.tokenLabel)).toContain(KARI_CARD);
    expect(report.authority).toMatchObject({
      issuer: env.info.authority,
      reachable: true,
      status: 200,
      issuerMatches: true,
    });
    expect(Math.abs(report.authority.skewSeconds!)).toBeLessThanOrEqual(2);
    expect(report.apis.map((a) => a.name)).toEqual(env.info.apis.map((a) => a.name));
    expect(report.client).toEqual({ outcome: 'accepted' });
    expect(report.clientKey).toMatchObject({ present: true, parseable: true, private: true, protected: true });
    // the embedded cards include an expired one and an unknown issuer: findings, but not blocking
    expect(report.findings.filter((f) => f.blocking)).toEqual([]);
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['card-expired-on', 'card-issuer-unknown']),
    );
  });

  it('doctor_withAClientTheAuthorityDoesNotKnow_exitsOneSayingHelseIdRefusesTheClient', async () => {
    const file = path.join(env.stateDir, 'unknown-client.json');
    await writeFile(
      file,
      JSON.stringify(
        configFromEnvironmentInfo(env.info, {
          client: { client_id: 'no-such-client', private_jwk_path: env.info.clients[0]!.private_jwk_path },
        }),
      ),
    );
    const run = await runCli(['doctor', '--lang', 'en'], env.stateDir, { env: { HELSEID_DESKTOP_CONFIG: file } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^Findings – login will not work until these are fixed:\n {2}✗ HelseID refuses the client: HelseID answers, but does not accept this client \(no-such-client\)\./m,
    );
    expect(run.stdout).toContain(
      'What to do: Check client_id and that the key is registered for the client in HelseID self-service.',
    );
    expect(run.stdout).toMatch(/Accepts the client: NO – refused \(HTTP 401, invalid_client\)/);
  });

  it('doctor_withMissingOrExposedKeyFile_exitsOneNamingTheFileAndWhatToDo', async () => {
    const missing = path.join(env.stateDir, 'missing-key.json');
    await writeFile(
      missing,
      JSON.stringify(
        configFromEnvironmentInfo(env.info, {
          client: { client_id: env.info.clients[0]!.client_id, private_jwk_path: '/nowhere/client.jwk' },
        }),
      ),
    );
    const run = await runCli(['doctor'], env.stateDir, {
      env: { HELSEID_DESKTOP_CONFIG: missing, LANG: 'nb_NO.UTF-8' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ Klientnøkkelen mangler: Nøkkelfilen /nowhere/client.jwk finnes ikke.');
    expect(run.stdout).toContain('Gjør dette: Legg nøkkelfilen på plass');

    const exposedKey = path.join(env.stateDir, 'exposed.jwk');
    await copyFile(env.info.clients[0]!.private_jwk_path, exposedKey);
    await chmod(exposedKey, 0o644);
    const exposed = path.join(env.stateDir, 'exposed-key.json');
    await writeFile(
      exposed,
      JSON.stringify(
        configFromEnvironmentInfo(env.info, {
          client: { client_id: env.info.clients[0]!.client_id, private_jwk_path: exposedKey },
        }),
      ),
    );
    const second = await runCli(['doctor', '--lang', 'en'], env.stateDir, { env: { HELSEID_DESKTOP_CONFIG: exposed } });
    expect(second.code).toBe(1);
    expect(second.stdout).toContain(
      `✗ Client key readable by others: Other users on this machine can read or change the key file ${exposedKey} (mode 644).`,
    );
    expect(second.stdout).toContain(`What to do: Restrict access: chmod 600 '${exposedKey}'`);
  });

  it('doctor_withOnlyAnExpiredCard_exitsOneSayingItExpiredAndToOrderANewOne', async () => {
    // a SoftHSM holding only Eva's expired card: her token folder copied beside a conf of its own
    const tokens = path.join(path.dirname(env.info.softhsm2_conf!), 'tokens');
    const only = path.join(env.stateDir, 'expired-only');
    for (const dir of await readdir(tokens)) {
      const object = await readFile(path.join(tokens, dir, 'token.object'), 'latin1').catch(() => '');
      if (object.includes('Buypass Eva Utlopt'))
        await cp(path.join(tokens, dir), path.join(only, 'tokens', dir), { recursive: true });
    }
    const conf = path.join(only, 'softhsm2.conf');
    await writeFile(
      conf,
      `directories.tokendir = ${path.join(only, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`,
    );
    const config = path.join(env.stateDir, 'expired-only.json');
    await writeFile(config, JSON.stringify(configFromEnvironmentInfo(env.info)));
    // SOFTHSM2_CONF: only Eva's card; no PC/SC daemon for OpenSC (other cards on this machine stay out)
    const cardsEnv = {
      HELSEID_DESKTOP_CONFIG: config,
      SOFTHSM2_CONF: conf,
      PCSCLITE_CSOCK_NAME: path.join(only, 'no-pcscd.sock'),
    };
    const nb = await runCli(['doctor', '--lang', 'nb'], env.stateDir, { env: cardsEnv });
    expect(nb.code, nb.stdout).toBe(1);
    expect(nb.stdout).toMatch(
      /^Funn – innlogging virker ikke før dette er rettet:\n {2}✗ Kortet er utløpt: Kortet til Eva Utløpt gikk ut \d\d\.\d\d\.\d{4}\.\n {4}Gjør dette: Bestill nytt kort fra Buypass\.$/m,
    );
    const en = await runCli(['doctor', '--lang', 'en'], env.stateDir, { env: cardsEnv });
    expect(en.code).toBe(1);
    expect(en.stdout).toMatch(
      /^ {2}✗ Card expired: The card of Eva Utløpt expired on \d\d\.\d\d\.\d{4}\.\n {4}What to do: Order a new card from Buypass\.$/m,
    );
  });

  it('cardsJson_withEmbeddedEnvironment_listsEveryVirtualCard', async () => {
    const run = await runCli(['cards', '--json', '--env-json', envJson], env.stateDir);
    expect(run.code, run.stderr).toBe(0);
    const snapshot = JSON.parse(run.stdout) as CardSnapshot;
    expect(snapshot.cards.map((c) => c.tokenLabel).sort()).toEqual(env.info.cards.map((c) => c.token_label).sort());
    expect(snapshot.cards.find((c) => c.tokenLabel === KARI_CARD)).toMatchObject({
      issuerFamily: 'buypass',
      state: 'ok',
      pin: 'ok',
    });
  });

  it('loginWithBuypassCard_pinFromStdinAndFollowBrowser_printsUserAndApisWithoutSecrets', async () => {
    const run = await runCli(
      ['login', '--pin-stdin', '--browser', 'follow', '--json', '--card', KARI_CARD, '--env-json', envJson],
      env.stateDir,
      { stdin: `${pinOf(KARI_CARD)}\n` },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as LoginResult;
    expect(result.user).toEqual({
      name: 'Kari Nordmann',
      hprNumber: '9144900',
      securityLevel: '4',
      pidMasked: '138270*****',
      idp: 'buypass-oidc',
    });
    const person = result.apis.find((a) => a.name === 'person')!;
    expect(person).toMatchObject({ audience: 'nhn:helseid-desktop/person-api', state: 'valid', call: { status: 200 } });
    expect(Date.parse(person.expiresAt!)).toBeGreaterThan(Date.now());
    expect(result.apis.map((a) => a.name)).toEqual(env.info.apis.map((a) => a.name));
    expect(leaks(run.stdout + run.stderr, { pid: KARI, pin: pinOf(KARI_CARD) })).toEqual([]);
  });

  it.each([
    [
      'nb',
      'HelseID svarte med en innlogging som ikke ble gjort med kortet du valgte',
      'Regel: personen HelseID logget inn har ikke navnet på kortet (name)',
    ],
    [
      'en',
      'HelseID answered with a login that was not made with the card you chose',
      'Rule: the person HelseID logged in does not have the name on the card (name)',
    ],
  ])('login_helseIdAnswersAsAnotherPersonThanTheCard_printsTheRefusalAndTheRule_%s', async (lang, what, rule) => {
    env.faults.set({ loginAs: '02857199823' }); // a broken IdP: Kari's card signs, Ola comes back
    try {
      const run = await runCli(
        ['login', '--pin-stdin', '--browser', 'follow', '--card', KARI_CARD, '--env-json', envJson, '--lang', lang],
        env.stateDir,
        { stdin: `${pinOf(KARI_CARD)}\n` },
      );
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(what);
      expect(run.stderr).toContain(rule);
      expect(run.stderr).toContain('(login-other-person)');
      expect(run.stdout + run.stderr).not.toMatch(/Ola|Hansen|02857199823/);
      expect(leaks(run.stdout + run.stderr, { pid: KARI, pin: pinOf(KARI_CARD) })).toEqual([]);
    } finally {
      env.faults.reset();
    }
  });

  it('loginWithTestPid_followBrowser_printsUserInText', async () => {
    const run = await runCli(['login', '--test-pid', KARI, '--browser', 'follow', '--env-json', envJson], env.stateDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Logged in: Kari Nordmann, HPR 9144900, security level 4, national id 138270\*{5} \(testidp-oidc\)/,
    );
    expect(run.stdout).toContain('person: aud nhn:helseid-desktop/person-api');
    expect(run.stdout).not.toContain(KARI);
  });

  it('loginWithoutDesktop_printsTheAddressToOpen_andNeverClaimsTheBrowserIsOpen', async () => {
    const follow = new AbortController();
    let followed = false;
    const run = await runCli(['login', '--test-pid', KARI, '--env-json', envJson, '--lang', 'nb'], env.stateDir, {
      env: { DISPLAY: '', WAYLAND_DISPLAY: '' },
      onStderr: (err) => {
        const url = /Åpne denne adressen i nettleseren: (\S+)/.exec(err)?.[1];
        if (url && !followed) {
          followed = true; // the user opening the printed address by hand
          void followBrowser({ signal: follow.signal, onProblem: () => {} })(url);
        }
      },
    }).finally(() => follow.abort());
    expect(run.code, run.stderr).toBe(0);
    expect(followed).toBe(true);
    expect(run.stderr).not.toContain('Nettleseren er åpnet');
    expect(run.stdout).toMatch(/^Logget inn: Kari Nordmann/);
  });

  it('loginWithACardMatchingNothing_saysSoFirst_thenListsTheCardsPresent_inBothLanguages', async () => {
    const nb = await runCli(
      ['login', '--card', 'Nobody', '--pin-stdin', '--browser', 'follow', '--env-json', envJson, '--lang', 'nb'],
      env.stateDir,
      { stdin: '1234\n' },
    );
    expect(nb.code).toBe(1);
    const [first] = nb.stderr.split('\n');
    expect(first).toMatch(
      /^helseid-desktop: Ingen kort passer til «Nobody»\. Skriv en del av navnet på et av kortene som står i, etter --card: /,
    );
    // holder — issuer, ordered by holder (other cards may be present through a reader on this machine)
    const listed = first!.slice(first!.indexOf('--card: ') + 8).split('; ');
    expect(listed).toEqual(
      expect.arrayContaining([
        'Eva Utløpt — Buypass',
        'Kari Nordmann — Buypass',
        'Ola Johan Hansen — Commfides',
        'Ukjent Utsteder — ukjent utsteder',
      ]),
    );
    expect(listed.indexOf('Eva Utløpt — Buypass')).toBeLessThan(listed.indexOf('Ola Johan Hansen — Commfides'));
    expect(nb.stderr).not.toMatch(/Sett inn smartkortet|usage:/);

    const en = await runCli(
      ['login', '--card', 'Nobody', '--pin-stdin', '--browser', 'follow', '--env-json', envJson, '--lang', 'en'],
      env.stateDir,
      { stdin: '1234\n' },
    );
    expect(en.code).toBe(1);
    expect(en.stderr).toMatch(
      /^helseid-desktop: No card matches "Nobody"\. Give part of the name of one of the cards present after --card: .*Kari Nordmann — Buypass.*Ukjent Utsteder — unknown issuer/,
    );
    expect(en.stderr).toContain('(card-no-match)');
  });

  it('loginWithAnExpiredCard_saysItExpiredAndToOrderANewOne', async () => {
    const run = await runCli(
      ['login', '--card', 'Eva', '--pin-stdin', '--browser', 'follow', '--env-json', envJson, '--lang', 'nb'],
      env.stateDir,
      { stdin: '4567\n' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^helseid-desktop: Kortet til Eva Utløpt gikk ut \d\d\.\d\d\.\d{4}\. Bestill nytt kort fra Buypass\./,
    );
  });

  it('loginWithAMissingKeyFileOrAClientHelseIdDoesNotKnow_saysWhatDoctorSays', async () => {
    const missing = path.join(env.stateDir, 'login-missing-key.json');
    await writeFile(
      missing,
      JSON.stringify(
        configFromEnvironmentInfo(env.info, {
          client: { client_id: env.info.clients[0]!.client_id, private_jwk_path: '/nowhere/client.jwk' },
        }),
      ),
    );
    const noKey = await runCli(['login', '--test-pid', KARI, '--browser', 'follow', '--lang', 'nb'], env.stateDir, {
      env: { HELSEID_DESKTOP_CONFIG: missing },
    });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(
      /^helseid-desktop: Nøkkelfilen \/nowhere\/client\.jwk finnes ikke\. Uten den kan ingen logge inn\. Legg nøkkelfilen på plass, eller rett client\.private_jwk_path i oppsettet\.$/m,
    );
    expect(noKey.stderr).toContain('(client-key-missing)');

    const unknown = path.join(env.stateDir, 'login-unknown-client.json');
    await writeFile(
      unknown,
      JSON.stringify(
        configFromEnvironmentInfo(env.info, {
          client: { client_id: 'no-such-client', private_jwk_path: env.info.clients[0]!.private_jwk_path },
        }),
      ),
    );
    const refused = await runCli(['login', '--test-pid', KARI, '--browser', 'follow', '--lang', 'en'], env.stateDir, {
      env: { HELSEID_DESKTOP_CONFIG: unknown },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^helseid-desktop: HelseID answers, but does not accept this client \(no-such-client\)\. Check client_id and that the key is registered/m,
    );
    expect(refused.stderr).toMatch(/^helseid-desktop: HelseID says: .+/m);
    expect(refused.stderr).not.toMatch(/Try again/);
  });

  // ~10 s under load: two real CLI processes (Node start-up, a card module process, the browser
  // stand-in) for a wrong and a right PIN.
  it('loginWithWrongPin_exitsOneWithWrongPinTextAndTriesLeft', async () => {
    const run = await runCli(
      ['login', '--pin-stdin', '--browser', 'follow', '--card', PER_CARD, '--env-json', envJson, '--lang', 'en'],
      env.stateDir,
      { stdin: '0000\n' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Wrong PIN\./);
    expect(run.stderr).toMatch(/tr(y|ies) (is |are )?left/);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('0000');
  });

  it('brokenConfigFile_exitsOneNamingFileAndField', async () => {
    const file = path.join(env.stateDir, 'broken-config.json');
    await writeFile(
      file,
      JSON.stringify({ authority: { kind: 'embedded', issuer: env.info.authority }, client: { client_id: 'x' } }),
    );
    const run = await runCli(['login', '--test-pid', KARI, '--browser', 'follow'], env.stateDir, {
      env: { HELSEID_DESKTOP_CONFIG: file },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The HelseID Desktop configuration file is invalid.');
    expect(run.stderr).toContain(`file: ${file}`);
    expect(run.stderr).toContain('field: client.private_jwk_path');
  });

  it('unknownOption_exitsTwoWithHelp', async () => {
    const run = await runCli(['login', '--pin', '1234'], env.stateDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--pin'");
    expect(run.stderr).toContain('usage: helseid-desktop login');
  });
});
