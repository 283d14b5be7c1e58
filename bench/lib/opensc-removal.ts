// The card-removal benchmark's OpenSC rows: the card service on OpenSC over pcscd with the virtual
// PIV cards (authority/cards/piv) answering at a REAL card's speed (40 ms ± 15 ms per command,
// seeded), as a clinician uses them: Kari's card is put in and pulled — every other time at a
// random moment while OpenSC is still reading it (≈ 1.2–2 s at this speed), the others soon after
// it is listed — while Ola's card stays in the other
// reader throughout. Per configuration:
//   - removal latency from the start of the pull, and above pcscd's own detection (a reference
//     PC/SC watcher in this process, woken by pcscd's event like any PC/SC client);
//   - removals seen / missed, spurious removals (Ola reported gone), module restarts (hangs);
//   - the longest "blind" lag: a presence change pcscd reported that the service did not show yet;
//   - idle CPU split: the service's process, its module process(es), pcscd.
// Configurations: opensc-empty (pcscd + cards, no service); opensc-production (the app's defaults:
// presence from PC/SC); opensc-module-events (pcsc 'off': the module watches itself by
// non-blocking C_WaitForSlotEvent every 150 ms — the previous default); opensc-baseline-1s (pcsc
// 'off', the module polled once a second, like Web eID's poll).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadOrCreateTestCas } from '../../authority/cards/test-cas.ts';
import { pcscUnavailableReason } from '../../authority/cards/piv/pcscd.ts';
import { startPcscCards, type PcscCards } from '../../authority/cards/piv/pcsc-cards.ts';
import { createPkcs11CardService, type Pkcs11CardServiceOptions } from '../../src/main/card/pkcs11-card-service.ts';
import { startPcscWatcher } from '../../src/main/card/pcsc/pcsc-watcher.ts';
import type { CardService, CardSnapshot } from '../../src/main/card/card-service.ts';
import { measureIdleCpu, type CpuWindow } from './cpu.ts';
import { summarize, type Summary } from './stats.ts';

const KARI = 'PIV Buypass Kari Nordmann';
const OLA = 'PIV Commfides Ola Hansen';
/** a real card: ≈ 40 ms per command (SMARTCARD.md), with jitter */
export const REAL_CARD = { ms: 40, jitterMs: 15 } as const;

export interface OpenScRow {
  readonly name: string;
  readonly description: string;
  readonly idle: CpuWindow;
  readonly removal: {
    readonly cycles: number;
    readonly fromPullStart: Summary;
    readonly abovePcscd: Summary;
    /** removals of a card the service had listed, and how many of them it reported */
    readonly listedPulls: number;
    readonly seen: number;
    readonly missed: number;
    /** Ola (never pulled) reported removed */
    readonly spurious: number;
    /** longest lag of the service's reader presence behind pcscd's, ms */
    readonly maxBlindMs: number;
    readonly moduleRestarts: number;
  } | null;
}

interface Configuration {
  readonly name: string;
  readonly description: string;
  readonly options: Partial<Pkcs11CardServiceOptions>;
  readonly cycles: number;
}

function until(service: CardService, ok: () => boolean, ms: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    if (ok()) return resolve(performance.now());
    const timer = setTimeout(() => {
      off();
      resolve(undefined);
    }, ms);
    const off = service.onChange(() => {
      if (!ok()) return;
      clearTimeout(timer);
      off();
      resolve(performance.now());
    });
  });
}

async function runRow(
  config: Configuration,
  cards: PcscCards,
  idleSeconds: number,
  random: () => number,
  log: (line: string) => void,
): Promise<OpenScRow> {
  const serial = (label: string): string =>
    cards.cards.find((c) => c.provisioned.spec.label === label)!.provisioned.tokenSerial;
  const listed = (s: CardSnapshot, label: string): boolean => s.cards.some((c) => c.id.endsWith(`:${serial(label)}`));
  const readerName = cards.readerNames[0]!;
  const lines: string[] = [];
  const service = createPkcs11CardService({
    modules: [cards.module],
    probeDefaults: false,
    ...config.options,
    log: (line) => lines.push(line),
  });
  // pcscd's own detection: a PC/SC client of our own, woken by pcscd's events
  const reference = startPcscWatcher();
  if (typeof reference === 'string') throw new Error(reference);
  await reference.ready;
  const referenceAt: { present: boolean; at: number }[] = [];
  reference.onChange((changed) => {
    if (changed.includes(readerName))
      referenceAt.push({ present: reference.readers().get(readerName)?.present ?? false, at: performance.now() });
  });
  let spurious = 0;
  let seen = 0;
  service.onChange((_s, event) => {
    if (event.type !== 'card-removed') return;
    if (event.cardId.endsWith(`:${serial(OLA)}`)) spurious++;
    if (event.cardId.endsWith(`:${serial(KARI)}`)) seen++;
  });
  const svcPresent = (): boolean => service.snapshot().readers.find((r) => r.label === readerName)?.hasCard === true;
  try {
    await service.start();
    await cards.insert(OLA);
    await cards.insert(KARI);
    if (!(await until(service, () => listed(service.snapshot(), OLA) && listed(service.snapshot(), KARI), 30_000)))
      throw new Error(`${config.name}: cards not seen at start`);
    await sleep(2_000);
    const idle = await measureIdleCpu(idleSeconds * 1_000);
    log(
      `  idle: service ${idle.split.service.toFixed(3)} %, module ${idle.split.modules.toFixed(3)} %, pcscd ${idle.split.pcscd.toFixed(3)} % of one core`,
    );
    await cards.remove(KARI);
    await until(service, () => !listed(service.snapshot(), KARI), 10_000);
    const fromPull: number[] = [];
    const abovePcscd: number[] = [];
    let listedPulls = 0;
    let missed = 0;
    let maxBlindMs = 0;
    seen = 0;
    for (let i = 0; i < config.cycles; i++) {
      const insertStart = performance.now();
      await cards.insert(KARI);
      const presentAt = await until(service, svcPresent, 10_000);
      const refIn = referenceAt.find((r) => r.present && r.at >= insertStart);
      if (presentAt !== undefined && refIn) maxBlindMs = Math.max(maxBlindMs, presentAt - refIn.at);
      if (presentAt === undefined) maxBlindMs = Math.max(maxBlindMs, 10_000);
      // every other cycle inside OpenSC's read of the card (≈ 1.2–2 s), the others once it is listed
      if (i % 2 === 0) await sleep(random() * 1_500);
      else {
        await until(service, () => listed(service.snapshot(), KARI), 30_000);
        await sleep(random() * 300);
      }
      const wasListed = listed(service.snapshot(), KARI);
      const seenBefore = seen;
      const pullStart = performance.now();
      await cards.remove(KARI);
      const goneAt = await until(service, () => !svcPresent() && !listed(service.snapshot(), KARI), 10_000);
      await sleep(50);
      const refOut = referenceAt.find((r) => !r.present && r.at >= pullStart);
      if (goneAt === undefined) {
        missed++;
        maxBlindMs = Math.max(maxBlindMs, 10_000);
      } else {
        fromPull.push(goneAt - pullStart);
        if (refOut) {
          abovePcscd.push(goneAt - refOut.at);
          maxBlindMs = Math.max(maxBlindMs, goneAt - refOut.at);
        }
      }
      if (wasListed) {
        listedPulls++;
        if (seen === seenBefore) missed++;
      }
      await sleep(200);
    }
    const restarts = lines.filter((l) => l.includes('(hung)') || l.includes('exited')).length;
    const removal = {
      cycles: config.cycles,
      fromPullStart: summarize(fromPull),
      abovePcscd: summarize(abovePcscd),
      listedPulls,
      seen,
      missed,
      spurious,
      maxBlindMs,
      moduleRestarts: restarts,
    };
    log(
      `  ${config.cycles} cycles: removal from pull p50/p95/max ${removal.fromPullStart.p50}/${removal.fromPullStart.p95}/${removal.fromPullStart.max} ms, above pcscd ${removal.abovePcscd.p50}/${removal.abovePcscd.p95}/${removal.abovePcscd.max} ms; ${listedPulls} listed pulls, ${seen} reported, ${missed} missed, ${spurious} spurious, longest blind ${maxBlindMs.toFixed(0)} ms, ${restarts} module restarts`,
    );
    return { name: config.name, description: config.description, idle, removal };
  } finally {
    await service.stop();
    await reference.stop();
  }
}

export async function runOpenScRows(
  settings: { removals: number; idleSeconds: number; openscCycles: number; seed: number },
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
    insertAll: false,
    commandDelay: { ...REAL_CARD, seed: settings.seed },
  });
  const configurations: Configuration[] = [
    {
      name: 'opensc-production',
      description: 'defaults: presence from PC/SC (SCardGetStatusChange), module read on demand',
      options: {},
      cycles: settings.openscCycles,
    },
    {
      name: 'opensc-module-events',
      description: 'previous default: no PC/SC, non-blocking C_WaitForSlotEvent every 150 ms',
      options: { pcsc: 'off', slotEvents: 'events' },
      cycles: settings.removals,
    },
    {
      name: 'opensc-baseline-1s',
      description: 'Web eID-like: no PC/SC, the module polled once a second',
      options: { pcsc: 'off', slotEvents: 'polling', pollIntervalMs: 1_000 },
      cycles: settings.removals,
    },
  ];
  const rows: OpenScRow[] = [];
  try {
    log(
      `opensc-empty: pcscd with the PIV cards inserted (${REAL_CARD.ms} ± ${REAL_CARD.jitterMs} ms per command), no card service`,
    );
    await cards.insert(OLA);
    await cards.insert(KARI);
    await sleep(2_000);
    rows.push({
      name: 'opensc-empty',
      description: 'pcscd + cards, no card service',
      idle: await measureIdleCpu(settings.idleSeconds * 1_000),
      removal: null,
    });
    await cards.remove(OLA);
    await cards.remove(KARI);
    for (const config of configurations) {
      log(`${config.name}: ${config.description}`);
      rows.push(await runRow(config, cards, settings.idleSeconds, random, log));
      await cards.remove(OLA);
      await cards.remove(KARI);
    }
  } finally {
    await cards.close();
    await rm(stateDir, { recursive: true, force: true });
  }
  return rows;
}
