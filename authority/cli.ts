// `npm run env`: the embedded HelseID environment in the foreground. Prints exactly one line of
// JSON (EnvironmentInfo) on stdout when ready; everything else goes to stderr.
// The options are in HELP below (`npm run env -- --help` prints them); authority/README.md explains them.
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEnvironment, DEFAULT_STATE_DIR } from './environment.ts';
import { parseFaultSpecs } from './fault-specs.ts';

const log = (line: string) => process.stderr.write(`[helseid-env] ${line}\n`);
// Everything this process and its children (softhsm2-util) write is its user's alone: the state
// folder holds private keys, the test cards' PINs and the Selvbetjening's API key, and a terminal
// server's users may run with umask 000 (which made the folder and its certificates and SoftHSM
// configuration writable by every user of the machine).
process.umask(0o077);

const HELP = `usage: npm run env -- [options]     (or: node authority/cli.ts [options])

Starts the embedded HelseID environment (authority, demo APIs, virtual cards, Selvbetjening) and
prints one line of JSON describing it on stdout; logs go to stderr. Ctrl-C stops it.

  --port N                        authority port (default: a free port)
  --api-port N                    demo API port, repeatable in API order (default: free ports)
  --state DIR                     state folder (default: <project>/.state/env)
  --fault SPEC                    repeatable: <endpoint>=<status>|drop|latency:<ms>[,times:<n>][,retry-after:<s>][,error:<code>]
                                  dpop-nonce=<n>, clock-offset=<seconds>, invalidate-refresh-tokens, latency=<ms>,
                                  refresh-token-without-offline-access, ignore-fresh-login-requests,
                                  login-as=<pid>, reject-scope=<scope> (withheld at login; token responses
                                  carry rejected_scope), request-uri-lifetime=<seconds>,
                                  api-answer-padding=<characters>
  --issuer-path P                 serve the whole authority under path P (the issuer has it too)
  --strict                        require client assertion typ client-authentication+jwt
  --legacy-assertion-audience     also accept the token endpoint URL as client assertion aud
  --latency MS                    ms added to every response (same as --fault latency=MS)
  --pcsc                          also the virtual PIV cards over pcscd + vpcd (npm run env passes it)
  --selvbetjening-port N          the emulated Selvbetjening's port (default: a free port)
  --client-cache-delay-ms MS      a confirmed client is known to HelseID after MS (default 3000)
  --key-lifetime-seconds S        lifetime of keys registered from now on (default a year)
  --pending-scope SCOPE           this API scope stays pending (not granted)
  --refuse-next-confirmation      the next confirmation fails (as without an Altinn role)
  --multi-tenant-client-system    the client system is multi-tenant: drafts are refused
  -h, --help                      this help

Details: authority/README.md.
`;

const OPTIONS = {
  port: { type: 'string' },
  'api-port': { type: 'string', multiple: true },
  state: { type: 'string' },
  fault: { type: 'string', multiple: true },
  latency: { type: 'string' },
  pcsc: { type: 'boolean' },
  'issuer-path': { type: 'string' },
  strict: { type: 'boolean' },
  'legacy-assertion-audience': { type: 'boolean' },
  'selvbetjening-port': { type: 'string' },
  'client-cache-delay-ms': { type: 'string' },
  'key-lifetime-seconds': { type: 'string' },
  'pending-scope': { type: 'string' },
  'refuse-next-confirmation': { type: 'boolean' },
  'multi-tenant-client-system': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A wrong command line: said in one line with the way to the help, not as a stack trace. */
class UsageProblem extends Error {}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageProblem((err as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const stateDir = values.state ?? DEFAULT_STATE_DIR;
  const env = await startEnvironment({
    stateDir,
    port: values.port ? Number(values.port) : undefined,
    apiPorts: (values['api-port'] ?? []).map(Number),
    faults: parseFaultSpecs([
      ...(values.fault ?? []),
      ...(values.latency !== undefined ? [`latency=${values.latency}`] : []),
    ]),
    issuerPath: values['issuer-path'],
    rules: {
      strictAssertionTyp: values.strict ?? false,
      legacyAssertionAudience: values['legacy-assertion-audience'] ?? false,
    },
    log,
    pcsc: values.pcsc ?? false,
    selvbetjening: {
      port: numberFlag(values['selvbetjening-port'], '--selvbetjening-port'),
      clientCacheDelayMs: numberFlag(values['client-cache-delay-ms'], '--client-cache-delay-ms'),
      keyLifetimeSeconds: numberFlag(values['key-lifetime-seconds'], '--key-lifetime-seconds'),
      pendingScope: values['pending-scope'],
      refuseNextConfirmation: values['refuse-next-confirmation'] ?? false,
      clientSystemTenancy: values['multi-tenant-client-system'] ? 'multi-tenant' : 'single-tenant',
    },
  });
  const line = JSON.stringify(env.info);
  // Also in the state folder while running, so the CLI (`helseid-desktop login`) finds it without
  // flags. It names the test cards' PINs: readable by this user only, and gone when we stop.
  const infoFile = path.join(stateDir, 'environment.json');
  // a new file, renamed over any older one: the mode of a file left by an older run does not carry over
  writeFileSync(`${infoFile}.tmp`, `${line}\n`, { mode: 0o600 });
  chmodSync(`${infoFile}.tmp`, 0o600);
  renameSync(`${infoFile}.tmp`, infoFile);
  process.stdout.write(`${line}\n`);
  const stop = (signal: string) => {
    log(`${signal}: stopping`);
    rmSync(infoFile, { force: true });
    env.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** An optional non-negative number flag; a wrong value stops the start with the flag's name. */
function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} ${value}: expected a non-negative number`);
  return n;
}

main().catch((err: unknown) => {
  if (err instanceof UsageProblem || (err instanceof Error && /^--[\w-]+ /.test(err.message))) {
    process.stderr.write(`helseid-env: ${err.message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
  log(`failed to start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
