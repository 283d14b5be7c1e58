// What set-up and renewal need from outside — injected, so both run the same in Electron, the CLI
// and tests: the network (Electron's net.fetch in the app), the system browser, time, and waiting.
import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/errors/app-error.ts';
import { cachedDiscovery, type Discovered } from '../auth/discovery.ts';
import type { ConfigFile, ProvisioningConfig } from '../config/index.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import type { ConnectionDeps } from './selvbetjening-connection.ts';

export interface ProvisioningDeps {
  readonly config: ConfigFile;
  readonly keyRing: KeyRing;
  readonly fetch?: typeof fetch;
  readonly clock?: () => number;
  /** waits between polls; tests pass one that returns at once */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly log?: (line: string) => void;
  /** RSA modulus; NHN's library uses 4096 (tests may use 2048 to save time) */
  readonly modulusLength?: number;
  /** between two token attempts while HelseID's cache learns a new client or key */
  readonly pollIntervalMs?: number;
  readonly discovery?: () => Promise<Discovered>;
}

export function provisioningOf(config: ConfigFile): ProvisioningConfig {
  if (!config.provisioning)
    throw new AppError('invalid-config', {
      detail: { field: 'provisioning', problem: 'this configuration has no provisioning block' },
    });
  return config.provisioning;
}

export function connectionDeps(deps: ProvisioningDeps): ConnectionDeps {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  return {
    config: deps.config,
    apiUrl: provisioningOf(deps.config).selvbetjening.api_url,
    fetch: fetchImpl,
    discovery: deps.discovery ?? cachedDiscovery(deps.config.authority.issuer, fetchImpl, deps.clock ?? Date.now),
  };
}

export function sleeper(deps: ProvisioningDeps): (ms: number, signal?: AbortSignal) => Promise<void> {
  return (
    deps.sleep ??
    ((ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(new AppError('setup-cancelled', { retriable: true }));
          },
          { once: true },
        );
      }))
  );
}

export async function readApiKey(file: string): Promise<string> {
  try {
    const key = (await readFile(file, 'utf8')).trim();
    if (key === '') throw new Error('empty');
    return key;
  } catch (err) {
    throw new AppError('setup-api-key-missing', {
      detail: { file },
      cause: (err as NodeJS.ErrnoException).code ? err : undefined,
    });
  }
}
