// The card service at a real card's speed (≈ 40 ms per command, seeded jitter) on OpenSC over pcscd,
// with the PRODUCTION time-outs, and cards pulled while OpenSC reads them, checks their PIN and
// signs — what a clinician does, and what deadlocks OpenSC 0.23 (src/main/card/README.md).
// Seeded fuzz loops with a bound: CI runs a short one; HELSEID_PCSC_FUZZ_CYCLES=200 and
// HELSEID_PCSC_PULL_TRIES=100 run the long ones (bench/card-removal.ts measures the same at length).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CardSnapshot } from '../../src/main/card/card-service.ts';
import { isAppError } from '../../src/shared/errors/app-error.ts';
import { seededRandom } from '../../authority/seeded-random.ts';
import { describePcsc, waitForSnapshot } from './pcsc-harness.ts';
import { CardWatchRecorder, within } from './card-watch-recorder.ts';
import { KARI, OLA, SEED, startRealSpeedRig, type RealSpeedRig } from './real-speed-rig.ts';

const CYCLES = Number(process.env['HELSEID_PCSC_FUZZ_CYCLES'] ?? 6);
const PULL_TRIES = Number(process.env['HELSEID_PCSC_PULL_TRIES'] ?? 3);
/** pcscd polls the virtual readers every 400 ms: what the service sees can lag that much behind a pull */
const PCSCD_LAG_MS = 400;
/** the bound: no presence change goes unseen longer than this */
const BLIND_MS = 3_000;
/** a pull during a PIN check or signature ends it as card-removed within a second (of pcscd seeing it) */
const PULL_ENDS_MS = 1_000;

let rig: RealSpeedRig;
const readerOf = (s: CardSnapshot, label: string) =>
  s.readers.find((r) => r.label === rig.cards.readerNames[label === KARI ? 0 : 1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const restarts = (): number => rig.logLines.filter((l) => l.includes('failed:') && l.includes('hung')).length;

describePcsc('card watching at real-card speed (OpenSC, 40 ms per command, production time-outs)', () => {
  beforeAll(async () => {
    rig = await startRealSpeedRig(); // production options: no time-out or retry is shortened here
  });
  afterAll(async () => {
    await rig?.close();
  });

  // ~25 s, and it must be: every cycle inserts a card that OpenSC reads at 40 ms per command and pulls
  // it mid-read, with the production time-outs (CI runs 6 cycles; HELSEID_PCSC_FUZZ_CYCLES=200 the long one).
  it(`cardsPulledMidRead_${CYCLES}SeededCycles_everyRemovalSeen_noSpuriousRemoval_neverBlindOver3s`, async () => {
    const { cards, service, serialOf, cardIn } = rig;
    const random = seededRandom(SEED);
    const recorder = new CardWatchRecorder(service);
    const started = performance.now();
    let listedThenPulled = 0;
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        await cards.insert(KARI);
        // pcscd has seen the card: the reader shows it at once, whatever OpenSC is doing
        expect(await within(service, (s) => readerOf(s, KARI)?.hasCard === true, PCSCD_LAG_MS + BLIND_MS)).toBe(true);
        // every other cycle: pull at a random moment of OpenSC's read (≈ 1.2–2 s at this speed);
        // the others: once the card is listed, so that its removal must be reported too
        if (cycle % 2 === 0) await sleep(random() * 1_500);
        else {
          await waitForSnapshot(service, (s) => cardIn(s, KARI) !== undefined, `cycle ${cycle}: Kari listed`, 30_000);
          await sleep(random() * 300);
        }
        const listed = cardIn(service.snapshot(), KARI) !== undefined;
        const pulledAt = performance.now();
        await cards.remove(KARI);
        const gone = await within(
          service,
          (s) => readerOf(s, KARI)?.hasCard !== true && cardIn(s, KARI) === undefined,
          PCSCD_LAG_MS + BLIND_MS,
        );
        expect(gone, `cycle ${cycle}: Kari still shown ${BLIND_MS} ms after the pull`).toBe(true);
        if (listed) {
          listedThenPulled++;
          expect(recorder.removals(serialOf(KARI), pulledAt).length, `cycle ${cycle}: removal reported`).toBe(1);
        }
        // Ola never left her reader: never reported removed, and still listed
        expect(recorder.removals(serialOf(OLA))).toEqual([]);
        expect(cardIn(service.snapshot(), OLA), `cycle ${cycle}: Ola still listed`).toBeDefined();
      }
      // after all that, a card put in is read and signs; so does the one that stayed
      await cards.insert(KARI);
      await waitForSnapshot(service, (s) => cardIn(s, KARI) !== undefined, 'Kari read after the fuzz loop', 30_000);
      await signOk(KARI);
      await signOk(OLA);
      expect(recorder.removals(serialOf(OLA))).toEqual([]);
      console.log(
        `[fuzz] ${CYCLES} cycles (seed ${SEED}) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${listedThenPulled} pulled after being listed, ${restarts()} module restarts`,
      );
    } finally {
      recorder.close();
    }
  });

  // 20–40 s, and it must be: each seeded try is a PIN check or signature at 40 ms per card command with
  // the production time-outs, a pull at a random moment, the module process replaced and the next
  // insertion read again — the real-card speed the issue asks to test at (CI runs 3 tries; the long
  // loop is HELSEID_PCSC_PULL_TRIES=100).
  it(`pullDuringPinCheckOrSignature_${PULL_TRIES}SeededTries_endsAsCardRemoved_andTheNextInsertionSigns`, async () => {
    const { cards, service, pinOf, cardIn } = rig;
    const random = seededRandom(SEED + 1);
    let endedByPull = 0;
    for (let attempt = 0; attempt < PULL_TRIES; attempt++) {
      await cards.insert(KARI);
      const card = await waitForSnapshot(service, (s) => cardIn(s, KARI) !== undefined, 'Kari listed', 30_000);
      const signing = service
        .signLocalChallenge(cardIn(card, KARI)!.id, Buffer.from(pinOf(KARI)), new Uint8Array([attempt]))
        .then(
          () => 'signed',
          (error: unknown) => (isAppError(error) ? error.code : `other: ${String(error)}`),
        );
      // a PIN check and a signature take ≈ 10 commands at this speed: pull somewhere in them
      await sleep(random() * 500);
      await cards.remove(KARI);
      const outcome = await Promise.race([signing, sleep(PCSCD_LAG_MS + PULL_ENDS_MS).then(() => 'still running')]);
      expect(outcome, `attempt ${attempt}`).toMatch(/^(signed|card-removed)$/);
      if (outcome === 'card-removed') endedByPull++;
      // the next insertion signs
      await cards.insert(KARI);
      await waitForSnapshot(service, (s) => cardIn(s, KARI) !== undefined, 'Kari back', 30_000);
      await signOk(KARI);
      await cards.remove(KARI);
      await waitForSnapshot(service, (s) => cardIn(s, KARI) === undefined, 'Kari out');
    }
    console.log(
      `[pull] ${PULL_TRIES} tries (seed ${SEED + 1}): ${endedByPull} ended by the pull, ${restarts()} module restarts so far`,
    );
  });
});

async function signOk(label: string): Promise<void> {
  const card = rig.cardIn(rig.service.snapshot(), label)!;
  await rig.service.signLocalChallenge(card.id, Buffer.from(rig.pinOf(label)), new Uint8Array([9]));
}
