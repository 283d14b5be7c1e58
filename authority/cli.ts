// `npm run env`: the embedded HelseID environment in the foreground. Prints exactly one line of
// JSON (EnvironmentInfo) on stdout when ready; everything else goes to stderr.
//   --port N         authority port (default: a free port)
//   --api-port N     demo API port, repeatable in API order (default: free ports)
//   --state DIR      state folder (default: <project>/.state/env)
//   --fault SPEC     repeatable: <endpoint>=<status>|drop|latency:<ms>[,times:<n>]
//                    dpop-nonce=<n> · clock-offset=<seconds> · invalidate-refresh-tokens
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
    },
  });
  const env = await startEnvironment({
    stateDir: values.state ?? DEFAULT_STATE_DIR,
    port: values.port ? Number(values.port) : undefined,
    apiPorts: (values['api-port'] ?? []).map(Number),
    faults: parseFaultSpecs(values.fault ?? []),
    log,
  });
  process.stdout.write(`${JSON.stringify(env.info)}\n`);
  const stop = (signal: string) => {
    log(`${signal}: stopping`);
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
