// The PC/SC stack for tests: pcscd + vpcd + the virtual PIV cards (authority/cards/piv). One pcscd
// per machine and fixed reader ports, so these tests run only in the vitest project "pcsc"
// (fileParallelism off) and take a machine-wide lock as well. On a machine without the stack they
// skip LOUDLY with the reason; on CI (.ci/run sets HELSEID_REQUIRE_PCSC; CI=true too) they fail instead.
import { describe } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateTestCas } from '../../authority/cards/test-cas.ts';
import { pcscUnavailableReason } from '../../authority/cards/piv/pcscd.ts';
import { startPcscCards, type PcscCards, type StartPcscCardsOptions } from '../../authority/cards/piv/pcsc-cards.ts';

export const PCSC_UNAVAILABLE = pcscUnavailableReason();

/** describe() that skips with the reason printed, or fails on CI, when PC/SC is missing. */
export function describePcsc(name: string, body: () => void): void {
  if (!PCSC_UNAVAILABLE) {
    describe(name, body);
    return;
  }
  if (process.env['CI'] || process.env['HELSEID_REQUIRE_PCSC']) {
    describe(name, () => {
      throw new Error(`PC/SC tests cannot run on CI: ${PCSC_UNAVAILABLE}`);
    });
    return;
  }
  console.warn(`\n*** SKIPPED "${name}": PC/SC unavailable — ${PCSC_UNAVAILABLE}\n`);
  describe.skip(`${name} [SKIPPED: ${PCSC_UNAVAILABLE}]`, body);
}

/** Starts pcscd (if needed) and the virtual cards in a fresh state dir; close() when done. */
export async function startTestPcscCards(options: Partial<StartPcscCardsOptions> = {}): Promise<PcscCards> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'helseid-pcsc-')));
  const cas = options.cas ?? (await loadOrCreateTestCas(join(stateDir, 'ca')));
  return startPcscCards({ ...options, stateDir, cas, log: options.log ?? ((line) => console.log(`[pcsc] ${line}`)) });
}

/** Resolves with the first snapshot that satisfies `ok` (now or after a change); rejects after `ms`. */
export function waitForSnapshot<S>(
  service: { snapshot(): S; onChange(l: (s: S) => void): () => void },
  ok: (s: S) => boolean,
  what: string,
  ms = 20_000,
): Promise<S> {
  return new Promise((resolve, reject) => {
    if (ok(service.snapshot())) return resolve(service.snapshot());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(service.snapshot())}`));
    }, ms);
    const off = service.onChange((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
