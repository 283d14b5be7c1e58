// The card-removal benchmark's OpenSC rows: the card service on OpenSC over pcscd with the virtual
// PIV cards (authority/cards/piv), watched by slot events (the default for reader modules) and by
// polling. Removal = the card process closes its reader connection (pulling the card); latency =
// card-removed event − start of that removal. pcscd itself polls the virtual reader every 400 ms,
// which bounds what any configuration can see.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadOrCreateTestCas } from '../../authority/cards/test-cas.ts';
import { pcscUnavailableReason } from '../../authority/cards/piv/pcscd.ts';
import { startPcscCards } from '../../authority/cards/piv/pcsc-cards.ts';
import { createPkcs11CardService } from '../../src/main/card/pkcs11-card-service.ts';
import type { CardService } from '../../src/main/card/card-service.ts';
import { measureIdleCpu, type CpuWindow } from './cpu.ts';
import { summarize, type Summary } from './stats.ts';

export interface OpenScRow {
  readonly name: string;
  readonly description: string;
  readonly idle: CpuWindow;
  readonly removal: { readonly fromRemoveStart: Summary; readonly missed: number } | null;
}

function until(service: CardService, ok: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (ok()) return resolve(true);
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, ms);
    const off = service.onChange(() => {
      if (ok()) {
        clearTimeout(timer);
        off();
        resolve(true);
      }
    });
  });
}

export async function runOpenScRows(
  settings: { removals: number; idleSeconds: number },
  random: () => number,
  log: (line: string) => void,
): Promise<OpenScRow[] | string> {
  const unavailable = pcscUnavailableReason();
  if (unavailable) return unavailable;
  const stateDir = await mkdtemp(join(tmpdir(), 'helseid-bench-pcsc-'));
  const cards = await startPcscCards({
    stateDir,
    cas: await loadOrCreateTestCas(join(stateDir, 'ca')),
    log: (l) => log(`  [pcsc] ${l}`),
  });
  const rows: OpenScRow[] = [];
  try {
    log('opensc-empty: pcscd with the PIV cards inserted, no card service');
    await sleep(2_000);
    rows.push({
      name: 'opensc-empty',
      description: 'pcscd + cards, no card service',
      idle: await measureIdleCpu(settings.idleSeconds * 1_000),
      removal: null,
    });
    for (const mode of ['events', 'polling'] as const) {
      const name = `opensc-${mode}`;
      log(
        `${name}: OpenSC, slot ${mode === 'events' ? 'events (non-blocking C_WaitForSlotEvent every 150 ms)' : 'polling every 150 ms'}`,
      );
      const service = createPkcs11CardService({ modules: [cards.module], probeDefaults: false, slotEvents: mode });
      try {
        await service.start();
        const labels = cards.cards.map((c) => c.provisioned.spec.label);
        const present = (label: string): boolean =>
          service
            .snapshot()
            .cards.some((c) =>
              c.id.endsWith(`:${cards.cards.find((x) => x.provisioned.spec.label === label)!.provisioned.tokenSerial}`),
            );
        if (!(await until(service, () => labels.every(present), 10_000)))
          throw new Error(`${name}: cards not seen at start`);
        await sleep(2_000);
        const idle = await measureIdleCpu(settings.idleSeconds * 1_000);
        log(`  idle: ${idle.percentOfCore.toFixed(3)} % of one core (module processes and pcscd included)`);
        const samples: number[] = [];
        let missed = 0;
        for (let i = 0; i < settings.removals; i++) {
          const label = labels[i % labels.length]!;
          await sleep(random() * 1_000);
          const started = performance.now();
          const seen = until(service, () => !present(label), 5_000).then((ok) => (ok ? performance.now() : Number.NaN));
          await cards.remove(label);
          const at = await seen;
          if (Number.isNaN(at)) missed++;
          else samples.push(at - started);
          await cards.insert(label);
          if (!(await until(service, () => present(label), 10_000))) {
            log(`  ${label} not seen within 10 s of re-insertion`);
            missed++;
          }
        }
        const fromRemoveStart = summarize(samples);
        log(
          `  removal: p50 ${fromRemoveStart.p50} ms, p95 ${fromRemoveStart.p95} ms, max ${fromRemoveStart.max} ms${missed ? `, ${missed} missed` : ''}`,
        );
        rows.push({ name, description: `OpenSC over pcscd, slot ${mode}`, idle, removal: { fromRemoveStart, missed } });
      } finally {
        await service.stop();
      }
    }
  } finally {
    await cards.close();
    await rm(stateDir, { recursive: true, force: true });
  }
  return rows;
}
