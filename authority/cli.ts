// `npm run env`: the embedded HelseID environment in the foreground. Prints exactly one line of
// JSON (EnvironmentInfo) on stdout when ready; everything else goes to stderr.
//   --port N         authority port (default: a free port)
//   --api-port N     demo API port, repeatable in API order (default: free ports)
//   --state DIR      state folder (default: <project>/.state/env)
//   --fault SPEC     repeatable: <endpoint>=<status>|drop|latency:<ms>[,times:<n>][,retry-after:<s>][,error:<code>]
//                    dpop-nonce=<n> · clock-offset=<seconds> · invalidate-refresh-tokens · latency=<ms>
//                    refresh-token-without-offline-access · ignore-fresh-login-requests · login-as=<pid>
//                    reject-scope=<scope> (withheld at login; token responses carry rejected_scope)
//   --issuer-path P  serve the whole authority under path P (`/conformance/abc`): the issuer has it too
//   --strict         require the strict forms HelseID may demand later (client assertion typ
//                    client-authentication+jwt); default: as lenient as HelseID is today
//   --legacy-assertion-audience   also accept the token endpoint URL as client assertion aud
//   --latency MS     ms added to every authority and demo-API response (same as --fault latency=MS)
//   --pcsc           also the virtual PIV cards over pcscd + vpcd (`npm run env` passes it); the
//                    JSON line's pcsc_control URL inserts, removes and unblocks them
// The Selvbetjening (authority/README.md "Selvbetjening"):
//   --selvbetjening-port N          its port (default: a free port)
//   --client-cache-delay-ms MS      a confirmed client is known to HelseID after MS (default 3000)
//   --key-lifetime-seconds S        lifetime of keys registered from now on (default a year)
//   --pending-scope SCOPE           this API scope stays `pending` (not granted)
//   --refuse-next-confirmation      the next confirmation fails (no Altinn role)
//   --multi-tenant-client-system    the client system is multi-tenant: drafts are refused
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
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
    },
  });
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
  log(`failed to start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
