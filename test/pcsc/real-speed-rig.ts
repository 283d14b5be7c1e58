// The rig the real-card-speed PC/SC tests share: the virtual PIV cards answering at a real card's
// speed (40 ± 15 ms per command, seeded), a card service on OpenSC with the production time-outs
// (options on top only where a test says why), its log kept, and Ola's card in her reader.
import type { CardService, CardSnapshot } from '../../src/main/card/card-service.ts';
import { createPkcs11CardService, type Pkcs11CardServiceOptions } from '../../src/main/card/pkcs11-card-service.ts';
import type { PcscCards } from '../../authority/cards/piv/pcsc-cards.ts';
import { startTestPcscCards, waitForSnapshot } from './pcsc-harness.ts';

export const KARI = 'PIV Buypass Kari Nordmann';
export const OLA = 'PIV Commfides Ola Hansen';
export const SEED = Number(process.env['HELSEID_PCSC_SEED'] ?? 22);

export interface RealSpeedRig {
  readonly cards: PcscCards;
  readonly service: CardService;
  readonly logLines: string[];
  serialOf(label: string): string;
  pinOf(label: string): string;
  cardIn(snapshot: CardSnapshot, label: string): CardSnapshot['cards'][number] | undefined;
  close(): Promise<void>;
}

export async function startRealSpeedRig(options: Partial<Pkcs11CardServiceOptions> = {}): Promise<RealSpeedRig> {
  const cards = await startTestPcscCards({ insertAll: false, commandDelay: { ms: 40, jitterMs: 15, seed: SEED } });
  const logLines: string[] = [];
  const service = createPkcs11CardService({
    modules: [cards.module],
    probeDefaults: false,
    ...options,
    log: (line) => {
      logLines.push(line);
      console.log(`[card] ${line}`);
    },
  });
  const provisioned = (label: string) => cards.cards.find((c) => c.provisioned.spec.label === label)!.provisioned;
  const rig: RealSpeedRig = {
    cards,
    service,
    logLines,
    serialOf: (label) => provisioned(label).tokenSerial,
    pinOf: (label) => provisioned(label).copies.pin,
    cardIn: (snapshot, label) => snapshot.cards.find((c) => c.id.endsWith(`:${provisioned(label).tokenSerial}`)),
    async close() {
      await service.stop();
      await cards.close();
    },
  };
  try {
    await service.start();
    await cards.insert(OLA);
    await waitForSnapshot(service, (s) => rig.cardIn(s, OLA) !== undefined, 'Ola listed');
  } catch (error) {
    await rig.close();
    throw error;
  }
  return rig;
}
