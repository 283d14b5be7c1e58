// BER-TLV as PIV uses it (NIST SP 800-73-4 part 2): tags of one to three bytes, definite lengths
// of at most 0xFFFF. Written by hand because no npm library speaks PIV's APDU data objects and the
// subset is tiny; @peculiar/asn1 parses DER structures, not these simple-TLV-like envelopes.

/** One TLV: tag given as its bytes (e.g. 0x5fc102 → 5F C1 02), value as bytes. */
export function tlv(tag: number, value: Uint8Array): Buffer {
  const tagBytes: number[] = [];
  for (let t = tag; t > 0; t >>>= 8) tagBytes.unshift(t & 0xff);
  if (tagBytes.length === 0) tagBytes.push(0);
  return Buffer.concat([Buffer.from(tagBytes), encodeLength(value.length), value]);
}

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length <= 0xff) return Buffer.from([0x81, length]);
  if (length <= 0xffff) return Buffer.from([0x82, length >> 8, length & 0xff]);
  throw new RangeError(`TLV length ${length} is too long for PIV`);
}

export interface Tlv {
  readonly tag: number;
  readonly value: Buffer;
}

/** Splits a sequence of TLVs; throws on a truncated or malformed one (the caller answers 6A80). */
export function parseTlvs(data: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < data.length) {
    let tag = data[i++]!;
    if ((tag & 0x1f) === 0x1f) {
      // multi-byte tag: continue while bit 8 is set
      let next: number;
      do {
        if (i >= data.length) throw new Error('truncated tag');
        next = data[i++]!;
        tag = (tag << 8) | next;
      } while (next & 0x80);
    }
    if (i >= data.length) throw new Error('missing length');
    let length = data[i++]!;
    if (length === 0x81) length = data[i++]!;
    else if (length === 0x82) {
      length = (data[i]! << 8) | data[i + 1]!;
      i += 2;
    } else if (length > 0x80) throw new Error('unsupported length form');
    if (i + length > data.length) throw new Error('truncated value');
    out.push({ tag, value: data.subarray(i, i + length) });
    i += length;
  }
  return out;
}

export function findTlv(data: Buffer, tag: number): Buffer | undefined {
  return parseTlvs(data).find((t) => t.tag === tag)?.value;
}
