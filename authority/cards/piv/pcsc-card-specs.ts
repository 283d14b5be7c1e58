// The virtual PIV cards the environment offers over PC/SC, one per virtual reader. Each is the
// same person and card profile as a SoftHSM card (VIRTUAL_CARDS), issued by the same test CA, with
// keys of its own: the authority maps it to the same person by its subject serialNumber.
export interface PcscCardSpec {
  /** the environment's name for the card (OpenSC shows the holder's name as token label) */
  readonly label: string;
  /** tokenLabel of the VIRTUAL_CARDS entry it copies (person, issuer, PIN) */
  readonly copies: string;
  /** index of the vpcd reader it is inserted into by default */
  readonly reader: 0 | 1;
  readonly puk: string;
}

export const PCSC_CARDS: readonly PcscCardSpec[] = [
  { label: 'PIV Buypass Kari Nordmann', copies: 'Buypass Kari Nordmann', reader: 0, puk: '12345678' },
  { label: 'PIV Commfides Ola Hansen', copies: 'Commfides Ola Hansen', reader: 1, puk: '23456789' },
];
