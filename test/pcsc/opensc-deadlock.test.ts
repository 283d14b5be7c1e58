// The OpenSC 0.23 deadlock, reproduced: a card pulled while OpenSC reads it leaves the card's mutex
// held (src/main/card/README.md), and the module's next look at its slots never returns. This file
// shows it happening at a real card's speed on the path the service takes WITHOUT PC/SC presence
// (`pcsc: 'off'`: the module watches its readers itself): the module hangs, and because nothing
// else knows which cards are in their readers, the card that stayed in the other reader is reported
// removed — a spurious logout. real-card-speed.test.ts runs the same pulls with PC/SC presence.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededRandom } from '../../authority/seeded-random.ts';
import { describePcsc, waitForSnapshot } from './pcsc-harness.ts';
import { CardWatchRecorder } from './card-watch-recorder.ts';
import { KARI, OLA, SEED, startRealSpeedRig, type RealSpeedRig } from './real-speed-rig.ts';

/** pulls before giving up on seeing the deadlock (it came within 2–6 pulls mid-read in every run) */
const MAX_PULLS = 30;

const openscVersion = ((): string => {
  try {
    return /OpenSC[- ](\d+\.\d+)/.exec(execFileSync('opensc-tool', ['--info'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return 'not installed';
  }
})();

let rig: RealSpeedRig;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describePcsc('OpenSC 0.23 deadlocks when a card is pulled mid-read (without PC/SC presence)', () => {
  beforeAll(async () => {
    if (openscVersion !== '0.23')
      console.warn(`\n*** OpenSC ${openscVersion}: the deadlock was traced on 0.23; it may not reproduce here\n`);
    // the module watches its readers itself: the path the service takes without PC/SC
    rig = await startRealSpeedRig({ pcsc: 'off' });
  });
  afterAll(async () => {
    await rig?.close();
  });

  // on another OpenSC the test is skipped, and says so in its name and on stderr (above)
  const on023 = openscVersion === '0.23';
  // ~15 s, and it must be: it pulls cards mid-read at real-card speed until OpenSC 0.23 deadlocks (3–6
  // pulls) and then waits out the old path's production hang detection.
  (on023 ? it : it.skip)(
    `openSc023_cardPulledMidRead_theModuleHangs_andTheCardThatStayedIsReportedRemoved${on023 ? '' : ` [SKIPPED: OpenSC ${openscVersion}]`}`,
    async () => {
      const random = seededRandom(SEED);
      const { cards, service, logLines, serialOf } = rig;
      const recorder = new CardWatchRecorder(service);
      const hung = (): boolean => logLines.some((l) => l.includes('(hung)'));
      let pulls = 0;
      try {
        while (!hung() && pulls < MAX_PULLS) {
          await cards.insert(KARI);
          await sleep(200 + random() * 1_000); // inside OpenSC's read of the new card (≈ 1.2 s at this speed)
          await cards.remove(KARI);
          pulls++;
          await sleep(1_000);
        }
        // the module's next look at its slots never returned: the service had to kill it …
        expect(hung(), `no deadlock in ${pulls} pulls mid-read`).toBe(true);
        // … and with only the module to say which cards are in, Ola — who never left — went with it
        await waitForSnapshot(service, () => recorder.removals(serialOf(OLA)).length > 0, 'Ola reported removed');
        expect(recorder.removals(serialOf(OLA)).length).toBeGreaterThan(0);
        console.log(`[deadlock] reproduced after ${pulls} pulls mid-read (seed ${SEED})`);
      } finally {
        recorder.close();
      }
    },
  );
});
