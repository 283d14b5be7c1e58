// The PIV application of the virtual card: the subset of NIST SP 800-73-4 that OpenSC's PIV driver
// (card-piv.c, pkcs15-piv.c) uses to show a certificate and sign with its key — SELECT, GET DATA,
// VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER, GENERAL AUTHENTICATE, GET RESPONSE, with
// command chaining. PIN and PUK have real try counters (3), kept as long as this object lives,
// i.e. across removal and insertion, as on a real card.
import { constants, createPrivateKey, privateDecrypt, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { parseCommandApdu, response, SW, type CommandApdu } from './apdu.ts';
import { findTlv, parseTlvs, tlv } from './ber-tlv.ts';

/** PIV key references and the containers holding their certificates (SP 800-73-4 part 1, table 3/4). */
export const PIV_SLOTS = {
  '9A': { container: 0x5fc105, name: 'PIV Authentication' },
  '9C': { container: 0x5fc10a, name: 'Digital Signature' },
  '9D': { container: 0x5fc10b, name: 'Key Management' },
  '9E': { container: 0x5fc101, name: 'Card Authentication' },
} as const;
export type PivSlot = keyof typeof PIV_SLOTS;

export interface PivCardData {
  /** the environment's name for the card (not on the card itself) */
  readonly label: string;
  readonly pin: string;
  readonly puk: string;
  /** 16 bytes hex: the CHUID GUID, which OpenSC turns into the token serial number */
  readonly guid: string;
  readonly keys: readonly { slot: PivSlot; certificateDer: string; privateJwk: JsonWebKey }[];
}

export const PIV_AID = Buffer.from('a000000308000010000100', 'hex');
const MAX_TRIES = 3;
const PIN_LENGTH = 8; // PIN and PUK are sent padded with 0xFF to 8 bytes
const ALG_RSA_2048 = 0x07;

interface Key {
  readonly slot: PivSlot;
  readonly certificateDer: Buffer;
  readonly privateKey: KeyObject;
}

export class PivApplet {
  readonly #objects = new Map<number, Buffer>(); // container tag → contents (inside tag 53)
  readonly #keys = new Map<number, Key>(); // key reference → key
  #pin: Buffer;
  #puk: Buffer;
  #pinTries = MAX_TRIES;
  #pukTries = MAX_TRIES;
  #verified = false;
  #chained = Buffer.alloc(0); // data of a chained command so far
  #pendingResponse = Buffer.alloc(0); // what GET RESPONSE still has to deliver

  constructor(data: PivCardData) {
    this.#pin = padded(data.pin);
    this.#puk = padded(data.puk);
    const guid = Buffer.from(data.guid, 'hex');
    // CHUID: GUID (34) — OpenSC uses it as the token serial when no FASC-N is present —,
    // expiry (35), an empty issuer signature (3E) and LRC (FE).
    this.#objects.set(
      0x5fc102,
      Buffer.concat([
        tlv(0x34, guid),
        tlv(0x35, Buffer.from('20991231')),
        tlv(0x3e, Buffer.alloc(0)),
        tlv(0xfe, Buffer.alloc(0)),
      ]),
    );
    for (const key of data.keys) {
      const der = Buffer.from(key.certificateDer, 'base64');
      // certificate container: certificate (70), CertInfo 00 = not compressed (71), LRC (FE)
      this.#objects.set(
        PIV_SLOTS[key.slot].container,
        Buffer.concat([tlv(0x70, der), tlv(0x71, Buffer.from([0])), tlv(0xfe, Buffer.alloc(0))]),
      );
      this.#keys.set(Number.parseInt(key.slot, 16), {
        slot: key.slot,
        certificateDer: der,
        privateKey: createPrivateKey({ key: key.privateJwk as NodeJwk, format: 'jwk' }),
      });
    }
  }

  /** Power off, reset or removal: the PIN is no longer verified. */
  reset(): void {
    this.#verified = false;
    this.#chained = Buffer.alloc(0);
    this.#pendingResponse = Buffer.alloc(0);
  }

  /** The environment's "unblock": what a card issuer's tool does with the PUK. */
  unblock(): void {
    this.#pinTries = MAX_TRIES;
    this.#pukTries = MAX_TRIES;
  }

  /**
   * The environment's unblock with the PUK, as the issuer's tool does it: a wrong PUK counts against
   * the PUK's own tries (3, then the card is dead). Returns the PUK tries left when refused.
   */
  unblockWithPuk(puk: string): number | undefined {
    if (this.#checkPuk(padded(puk))) return this.#pukTries;
    this.#pinTries = MAX_TRIES;
    this.#verified = false;
    return undefined;
  }

  get pinTriesLeft(): number {
    return this.#pinTries;
  }

  process(bytes: Buffer): Buffer {
    let apdu: CommandApdu;
    try {
      apdu = parseCommandApdu(bytes);
    } catch {
      return response(SW.WRONG_LENGTH);
    }
    if (apdu.ins !== 0xc0) this.#pendingResponse = Buffer.alloc(0);
    if ((apdu.cla & ~0x10) !== 0x00) return response(SW.CLA_NOT_SUPPORTED);
    if (apdu.cla & 0x10) {
      // command chaining: collect, answer OK, act on the last part
      this.#chained = Buffer.concat([this.#chained, apdu.data]);
      return response(SW.OK);
    }
    const data = this.#chained.length > 0 ? Buffer.concat([this.#chained, apdu.data]) : apdu.data;
    this.#chained = Buffer.alloc(0);
    const full = { ...apdu, data };
    try {
      switch (apdu.ins) {
        case 0xa4:
          return this.#select(full);
        case 0xcb:
          return this.#answer(full, this.#getData(full));
        case 0x20:
          return this.#verify(full);
        case 0x24:
          return this.#changeReference(full);
        case 0x2c:
          return this.#resetRetryCounter(full);
        case 0x87:
          return this.#answer(full, this.#generalAuthenticate(full));
        case 0xc0:
          return this.#getResponse(full);
        default:
          return response(SW.INS_NOT_SUPPORTED);
      }
    } catch {
      return response(SW.WRONG_DATA); // malformed TLV in the command
    }
  }

  #select(apdu: CommandApdu): Buffer {
    if (apdu.p1 !== 0x04) return response(SW.NOT_FOUND);
    // a partial AID (OpenSC sends the first 9 bytes) selects PIV too
    if (apdu.data.length < 5 || !PIV_AID.subarray(0, apdu.data.length).equals(apdu.data)) return response(SW.NOT_FOUND);
    this.#verified = false; // selecting the application resets its security status
    // Application Property Template: PIX of the AID (4F) and the coexistent tag allocation authority (79)
    const template = tlv(
      0x61,
      Buffer.concat([tlv(0x4f, PIV_AID.subarray(5)), tlv(0x79, tlv(0x4f, PIV_AID.subarray(0, 5)))]),
    );
    return this.#answer(apdu, { sw: SW.OK, data: template });
  }

  #getData(apdu: CommandApdu): { sw: number; data?: Buffer } {
    if (apdu.p1 !== 0x3f || apdu.p2 !== 0xff) return { sw: SW.WRONG_P1P2 };
    const tagList = findTlv(apdu.data, 0x5c);
    if (!tagList) return { sw: SW.WRONG_DATA };
    const tag = tagList.reduce((acc, b) => (acc << 8) | b, 0);
    if (tag === 0x7e) {
      // Discovery object: PIV AID, PIN usage policy 40 00 = PIV Card Application PIN only
      return {
        sw: SW.OK,
        data: tlv(0x7e, Buffer.concat([tlv(0x4f, PIV_AID), tlv(0x5f2f, Buffer.from([0x40, 0x00]))])),
      };
    }
    const contents = this.#objects.get(tag);
    return contents ? { sw: SW.OK, data: tlv(0x53, contents) } : { sw: SW.NOT_FOUND };
  }

  #verify(apdu: CommandApdu): Buffer {
    if (apdu.p1 === 0xff) {
      this.#verified = false;
      return response(SW.OK);
    } // reset security status
    // OpenSC logs the SO in by verifying the PUK (81) before C_InitPIN unblocks the PIN
    if (apdu.p2 === 0x81) {
      if (apdu.data.length === 0) return response(this.#pukTries === 0 ? SW.AUTH_BLOCKED : 0x63c0 | this.#pukTries);
      if (apdu.data.length !== PIN_LENGTH) return response(SW.WRONG_LENGTH);
      return this.#checkPuk(apdu.data) ?? response(SW.OK);
    }
    if (apdu.p2 !== 0x80) return response(SW.REF_NOT_FOUND);
    if (apdu.data.length === 0) {
      // status query: OpenSC reads tries left from it
      if (this.#verified) return response(SW.OK);
      return response(this.#pinTries === 0 ? SW.AUTH_BLOCKED : 0x63c0 | this.#pinTries);
    }
    return this.#checkPin(apdu.data);
  }

  #checkPin(given: Buffer): Buffer {
    if (given.length !== PIN_LENGTH) return response(SW.WRONG_LENGTH);
    if (this.#pinTries === 0) return response(SW.AUTH_BLOCKED);
    if (!given.equals(this.#pin)) {
      this.#verified = false;
      this.#pinTries--;
      return response(this.#pinTries === 0 ? SW.AUTH_BLOCKED : 0x63c0 | this.#pinTries);
    }
    this.#pinTries = MAX_TRIES;
    this.#verified = true;
    return response(SW.OK);
  }

  #changeReference(apdu: CommandApdu): Buffer {
    if (apdu.data.length !== 2 * PIN_LENGTH) return response(SW.WRONG_LENGTH);
    const [old, next] = [apdu.data.subarray(0, PIN_LENGTH), apdu.data.subarray(PIN_LENGTH)];
    if (apdu.p2 === 0x80) {
      const checked = this.#checkPin(old);
      if (!this.#verified) return checked;
      this.#pin = Buffer.from(next);
      return response(SW.OK);
    }
    if (apdu.p2 === 0x81) {
      const checked = this.#checkPuk(old);
      if (checked) return checked;
      this.#puk = Buffer.from(next);
      return response(SW.OK);
    }
    return response(SW.REF_NOT_FOUND);
  }

  /** undefined when the PUK is right; else the refusal to send */
  #checkPuk(given: Buffer): Buffer | undefined {
    if (this.#pukTries === 0) return response(SW.AUTH_BLOCKED);
    if (!given.equals(this.#puk)) {
      this.#pukTries--;
      return response(this.#pukTries === 0 ? SW.AUTH_BLOCKED : 0x63c0 | this.#pukTries);
    }
    this.#pukTries = MAX_TRIES;
    return undefined;
  }

  #resetRetryCounter(apdu: CommandApdu): Buffer {
    if (apdu.p2 !== 0x80) return response(SW.REF_NOT_FOUND);
    if (apdu.data.length !== 2 * PIN_LENGTH) return response(SW.WRONG_LENGTH);
    const refused = this.#checkPuk(apdu.data.subarray(0, PIN_LENGTH));
    if (refused) return refused;
    this.#pin = Buffer.from(apdu.data.subarray(PIN_LENGTH));
    this.#pinTries = MAX_TRIES;
    this.#verified = false;
    return response(SW.OK);
  }

  #generalAuthenticate(apdu: CommandApdu): { sw: number; data?: Buffer } {
    const key = this.#keys.get(apdu.p2);
    if (!key) return { sw: SW.REF_NOT_FOUND };
    if (apdu.p1 !== ALG_RSA_2048) return { sw: SW.WRONG_P1P2 };
    if (!this.#verified) return { sw: SW.SECURITY_NOT_SATISFIED };
    const template = findTlv(apdu.data, 0x7c);
    if (!template) return { sw: SW.WRONG_DATA };
    const parts = parseTlvs(template);
    const challenge = parts.find((t) => t.tag === 0x81)?.value;
    if (!challenge || !parts.some((t) => t.tag === 0x82) || challenge.length !== 256) return { sw: SW.WRONG_DATA };
    // PIV RSA is the raw private-key operation on a block the host already padded
    // (PKCS#1 v1.5 or PSS): "decrypt without padding" is exactly m^d mod n.
    const result = privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, challenge);
    return { sw: SW.OK, data: tlv(0x7c, tlv(0x82, result)) };
  }

  /** Sends what fits in Le; the rest waits for GET RESPONSE (61xx), as short APDUs require. */
  #answer(apdu: CommandApdu, result: { sw: number; data?: Buffer }): Buffer {
    if (result.sw !== SW.OK || !result.data) return response(result.sw);
    return this.#chunk(result.data, apdu.le === 0 ? 256 : apdu.le);
  }

  #getResponse(apdu: CommandApdu): Buffer {
    if (this.#pendingResponse.length === 0) return response(0x6985); // conditions of use not satisfied
    return this.#chunk(this.#pendingResponse, apdu.le === 0 ? 256 : apdu.le);
  }

  #chunk(data: Buffer, le: number): Buffer {
    const now = data.subarray(0, le);
    this.#pendingResponse = Buffer.from(data.subarray(le));
    const left = this.#pendingResponse.length;
    return response(left === 0 ? SW.OK : 0x6100 | (left > 0xff ? 0x00 : left), now);
  }
}

function padded(pin: string): Buffer {
  const out = Buffer.alloc(PIN_LENGTH, 0xff);
  Buffer.from(pin, 'ascii').copy(out);
  return out;
}

export function isPivSlot(value: string): value is PivSlot {
  return Object.hasOwn(PIV_SLOTS, value);
}
