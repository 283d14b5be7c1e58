// ISO 7816-4 command APDUs (short and extended) and response helpers for the virtual card.

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Buffer;
  /** expected response length; 0 = none asked; 256 / 65536 = "as much as there is" */
  readonly le: number;
  readonly extended: boolean;
}

export function parseCommandApdu(bytes: Buffer): CommandApdu {
  if (bytes.length < 4) throw new Error(`APDU of ${bytes.length} bytes is too short`);
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  const base = { cla, ins, p1, p2 };
  if (body.length === 0) return { ...base, data: Buffer.alloc(0), le: 0, extended: false };
  if (body.length === 1) return { ...base, data: Buffer.alloc(0), le: body[0] || 256, extended: false };
  if (body[0] !== 0) {
    // short Lc
    const lc = body[0]!;
    const data = body.subarray(1, 1 + lc);
    if (data.length !== lc) throw new Error('Lc does not match the data');
    const rest = body.subarray(1 + lc);
    if (rest.length > 1) throw new Error('trailing bytes after Le');
    return { ...base, data, le: rest.length === 1 ? rest[0] || 256 : 0, extended: false };
  }
  // extended: 00 then two-byte Lc or Le
  if (body.length === 3)
    return { ...base, data: Buffer.alloc(0), le: (body[1]! << 8) | body[2]! || 65536, extended: true };
  const lc = (body[1]! << 8) | body[2]!;
  const data = body.subarray(3, 3 + lc);
  if (data.length !== lc) throw new Error('extended Lc does not match the data');
  const rest = body.subarray(3 + lc);
  const le = rest.length === 2 ? (rest[0]! << 8) | rest[1]! || 65536 : 0;
  return { ...base, data, le, extended: true };
}

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_BLOCKED: 0x6983,
  WRONG_DATA: 0x6a80,
  NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6a86,
  REF_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

export function response(sw: number, data: Uint8Array = new Uint8Array(0)): Buffer {
  return Buffer.concat([data, Buffer.from([sw >> 8, sw & 0xff])]);
}
