// Card in → card shown, ours beside the 1-second polling baseline of the card-removal benchmark
// (Web eID re-lists readers and cards about once a second), in the same run, on SoftHSM.
//
// A card is taken out by moving its SoftHSM token directory out of the tokens folder and put back
// by moving it in again (each a rename: atomic, and no key generation per insertion, so the numbers
// are the card service's). Before each insertion a random delay (0–1000 ms, seeded) so insertions
// land at every phase of the poll and the re-initialisation. "Shown" = the service emits
// card-inserted for that card; the app's controller turns that event into the window's view at once.
//
// On SoftHSM both configurations see a new token only at their next C_Finalize/C_Initialize (every
// 1000 ms in both), so equal numbers are the expected, honest result: ours adds nothing. On card
// readers (OpenSC via PC/SC) ours is told by slot events instead (see card-removal's OpenSC rows).
import { readdir, rename, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createPkcs11CardService,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_REINIT_INTERVAL_MS,
} from '../../src/main/card/pkcs11-card-service.ts';
import type { CardService } from '../../src/main/card/card-service.ts';
import type { CardEvent } from '../../src/shared/card-types.ts';
import { seededRandom } from './stats.ts';
import { nextCardEvent } from './card-events.ts';

const EVENT_TIMEOUT_MS = 10_000;

export interface SoftHsmCards {
  readonly pkcs11Module: string;
  readonly softhsm2Conf: string;
  readonly tokensDir: string;
}

export const INSERTION_CONFIGURATIONS = [
  {
    name: 'ours',
    label: `ours (poll ${DEFAULT_POLL_INTERVAL_MS} ms, re-initialise ${DEFAULT_REINIT_INTERVAL_MS} ms)`,
    options: {},
  },
  {
    name: 'baseline-1s',
    label: 'baseline (Web eID-like: poll and re-initialise every 1000 ms)',
    options: { pollIntervalMs: 1_000, reinitIntervalMs: 1_000 },
  },
] as const;

function nextEvent(
  service: CardService,
  match: (event: CardEvent) => boolean,
  what: string,
): Promise<{ at: number; event: CardEvent }> {
  return nextCardEvent(service, match, what, EVENT_TIMEOUT_MS);
}

/** card in → card-inserted, in ms, `count` times per configuration, alternating configurations per round */
export async function measureCardInsertions(
  cards: SoftHsmCards,
  count: number,
  seed = 1234,
): Promise<Record<string, number[]>> {
  const random = seededRandom(seed);
  const outside = await mkdtemp(path.join(path.dirname(cards.tokensDir), 'bench-card-out-')); // same file system: rename
  const token = (await readdir(cards.tokensDir)).sort()[0];
  if (!token) throw new Error(`bench: no SoftHSM token in ${cards.tokensDir}`);
  const results: Record<string, number[]> = Object.fromEntries(
    INSERTION_CONFIGURATIONS.map((c) => [c.name, [] as number[]]),
  );
  try {
    for (let round = 0; round < count; round++) {
      for (const config of INSERTION_CONFIGURATIONS) {
        const service = createPkcs11CardService({
          ...config.options,
          modules: [cards.pkcs11Module],
          probeDefaults: false,
          env: { SOFTHSM2_CONF: cards.softhsm2Conf },
        });
        try {
          await service.start();
          const removed = nextEvent(service, (e) => e.type === 'card-removed', 'card-removed');
          await rename(path.join(cards.tokensDir, token), path.join(outside, token));
          const { event } = await removed;
          const cardId = (event as { cardId: string }).cardId;
          await sleep(random() * 1_000);
          const inserted = nextEvent(
            service,
            (e) => e.type === 'card-inserted' && e.cardId === cardId,
            'card-inserted',
          );
          const cardIn = performance.now();
          await rename(path.join(outside, token), path.join(cards.tokensDir, token));
          results[config.name]!.push((await inserted).at - cardIn);
        } finally {
          await service.stop();
        }
      }
    }
    return results;
  } finally {
    // the card goes back in whatever happened
    await rename(path.join(outside, token), path.join(cards.tokensDir, token)).catch(() => {});
    await rm(outside, { recursive: true, force: true });
  }
}
