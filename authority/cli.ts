// `npm run env`: the embedded HelseID environment in the foreground. Prints exactly one line of
// JSON (EnvironmentInfo) on stdout when ready; everything else goes to stderr.
//   --port N         authority port (default: a free port)
//   --api-port N     demo API port, repeatable in API order (default: free ports)
//   --state DIR      state folder (default: <project>/.state/env)
//   --fault SPEC     repeatable: <endpoint>=<status>|drop|latency:<ms>[,times:<n>]
//                    dpop-nonce=<n> · clock-offset=<seconds> · invalidate-refresh-tokens · latency=<ms>
//   --latency MS     ms added to every authority and demo-API response (same as --fault latency=MS)
//   --pcsc           also the virtual PIV cards over pcscd + vpcd (`npm run env` passes it); the
//                    JSON line's pcsc_control URL inserts, removes and unblocks them
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEnvironment, DEFAULT_STATE_DIR } from './environment.ts';
import { parseFaultSpecs } from './fault-specs.ts';

const log = (line: string) => process.stderr.write(`[helseid-env] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'api-port': { type: 'string', multiple: true },
      state: { type: 'string' },
      fault: { type: 'string', multiple: true },
      latency: { type: 'string' },
      pcsc: { type: 'boolean' },
    },
  });
  const stateDir = values.state ?? DEFAULT_STATE_DIR;
  const env = await startEnvironment({
    stateDir,
    port: values.port ? Number(values.port) : undefined,
    apiPorts: (values['api-port'] ?? []).map(Number),
    faults: parseFaultSpecs([...(values.fault ?? []), ...(values.latency !== undefined ? [`latency=${values.latency}`] : [])]),
    log,
    pcsc: values.pcsc ?? false,
  });
  const line = JSON.stringify(env.info);
  // Also in the state folder while running, so the CLI (`helseid-desktop login`) finds it without
  // flags. It names the test cards' PINs: readable by this user only, and gone when we stop.
  const infoFile = path.join(stateDir, 'environment.json');
  writeFileSync(infoFile, `${line}\n`, { mode: 0o600 });
  process.stdout.write(`${line}\n`);
  const stop = (signal: string) => {
    log(`${signal}: stopping`);
    rmSync(infoFile, { force: true });
    env.close().then(() => process.exit(0), (err: unknown) => {
      log(`stop failed: ${(err as Error).message}`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  log(`failed to start: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
