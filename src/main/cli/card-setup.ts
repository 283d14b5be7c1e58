// The card service as the app builds it (configured modules plus, unless switched off, the known per-OS locations), with
// the embedded environment's SoftHSM configuration when the configuration came from one.
import type { CardService } from '../card/card-service.ts';
import { createPkcs11CardService } from '../card/pkcs11-card-service.ts';
import type { HelseIdConfig } from '../config/index.ts';

export function cliCardService(
  config: Pick<HelseIdConfig, 'pkcs11_modules' | 'pkcs11_probe_known_paths'> | undefined,
  env: Readonly<Record<string, string | undefined>>,
  softhsm2Conf: string | undefined,
  log: (line: string) => void,
): CardService {
  // an explicit SOFTHSM2_CONF wins: someone pointed this shell at other virtual cards on purpose
  const conf = env['SOFTHSM2_CONF'] ?? softhsm2Conf;
  return createPkcs11CardService({
    modules: config?.pkcs11_modules ?? [],
    probeDefaults: config?.pkcs11_probe_known_paths ?? true,
    ...(conf ? { env: { SOFTHSM2_CONF: conf } } : {}),
    log,
  });
}
