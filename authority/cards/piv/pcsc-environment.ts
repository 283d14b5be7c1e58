// What the embedded environment adds for PC/SC cards: the cards, their control endpoint and the
// entries of the environment's JSON line. Kept apart from environment.ts, which only calls this.
import { join } from 'node:path';
import { loadOrCreateTestCas } from '../test-cas.ts';
import { pcscUnavailableReason } from './pcscd.ts';
import { startPcscCards, type PcscCards } from './pcsc-cards.ts';
import { startPcscControl } from './pcsc-control.ts';

const ISSUER_LABEL = {
  buypass: 'Buypass (test)',
  commfides: 'Commfides (test)',
  unknown: 'Unknown CA (untrusted)',
} as const;

/** The JSON line's PC/SC entries (all optional for older readers). */
export interface PcscEnvironmentInfo {
  /** OpenSC's PKCS#11 module, which sees the PC/SC cards */
  pcsc_module?: string;
  /** POST <pcsc_control>/cards/<n>/insert|remove|unblock (see pcsc-control.ts) */
  pcsc_control?: string;
  pcsc_cards?: {
    label: string;
    reader: string;
    token_serial: string;
    pin: string;
    puk: string;
    holder: string;
    issuer: string;
    person: string;
  }[];
  /** why there are no PC/SC cards, when there are none */
  pcsc_unavailable?: string;
}

export interface PcscEnvironment {
  readonly info: PcscEnvironmentInfo;
  readonly cards?: PcscCards;
  close(): Promise<void>;
}

export async function startPcscEnvironment(
  cardsStateDir: string,
  log: (line: string) => void,
): Promise<PcscEnvironment> {
  const unavailable = pcscUnavailableReason();
  if (unavailable) {
    log(`PC/SC cards unavailable: ${unavailable}`);
    return { info: { pcsc_unavailable: unavailable }, close: async () => {} };
  }
  const cas = await loadOrCreateTestCas(join(cardsStateDir, 'ca'));
  const cards = await startPcscCards({ stateDir: cardsStateDir, cas, log });
  const control = await startPcscControl(cards, log);
  return {
    cards,
    info: {
      pcsc_module: cards.module,
      pcsc_control: control.url,
      pcsc_cards: cards.cards.map(({ provisioned: p }) => ({
        label: p.spec.label,
        reader: cards.readerNames[p.spec.reader]!,
        token_serial: p.tokenSerial,
        pin: p.copies.pin,
        puk: p.spec.puk,
        holder: p.holder,
        issuer: ISSUER_LABEL[p.copies.issuer],
        person: p.copies.personPid,
      })),
    },
    async close() {
      await control.close();
      await cards.close();
    },
  };
}
