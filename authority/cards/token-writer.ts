// Child-process entry: creates SoftHSM tokens and imports keys and certificates.
// It runs in its own short-lived process because SoftHSM only sees tokens that existed at its
// C_Initialize: if the calling process loaded SoftHSM here, its card subsystem would later miss
// tokens (and a second C_Initialize in one process is shared state we do not own).
// Input: a TokenWriteRequest as JSON on stdin (private keys never touch the disk).
// Output: TokenWriteResult as JSON on stdout.
import { Buffer } from 'node:buffer';
import { pkcs11js, type Handle, type Pkcs11 } from './pkcs11-lib.ts';
import type { TokenWriteRequest, TokenWriteResult, TokenObjectInput } from './token-write-types.ts';

const p = pkcs11js;

function b64u(value: string | undefined): Buffer {
  if (value === undefined) throw new Error('incomplete RSA private key');
  return Buffer.from(value, 'base64url');
}

/** C_InitToken reads exactly 32 bytes of blank-padded UTF-8; pkcs11js passes the string as is. */
function paddedLabel(label: string): string {
  const bytes = Buffer.byteLength(label, 'utf8');
  if (bytes > 32) throw new Error(`token label "${label}" is longer than 32 bytes`);
  return label + ' '.repeat(32 - bytes);
}

function findSlot(lib: Pkcs11, match: (label: string, flags: number) => boolean): Handle | undefined {
  for (const slot of lib.C_GetSlotList(true)) {
    const info = lib.C_GetTokenInfo(slot);
    if (match(info.label.trimEnd(), info.flags)) return slot;
  }
  return undefined;
}

function importObject(lib: Pkcs11, session: Handle, o: TokenObjectInput): void {
  const id = Buffer.from(o.ckaId, 'hex');
  const common = [
    { type: p.CKA_TOKEN, value: true },
    { type: p.CKA_ID, value: id },
    { type: p.CKA_LABEL, value: o.label },
  ];
  const subject = Buffer.from(o.subjectDer, 'base64');
  lib.C_CreateObject(session, [
    ...common,
    { type: p.CKA_CLASS, value: p.CKO_CERTIFICATE },
    { type: p.CKA_CERTIFICATE_TYPE, value: p.CKC_X_509 },
    { type: p.CKA_PRIVATE, value: false },
    { type: p.CKA_SUBJECT, value: subject },
    { type: p.CKA_ISSUER, value: Buffer.from(o.issuerDer, 'base64') },
    { type: p.CKA_VALUE, value: Buffer.from(o.certificateDer, 'base64') },
  ]);
  const k = o.privateJwk;
  lib.C_CreateObject(session, [
    ...common,
    { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
    { type: p.CKA_KEY_TYPE, value: p.CKK_RSA },
    { type: p.CKA_PRIVATE, value: true },
    { type: p.CKA_SENSITIVE, value: true },
    { type: p.CKA_EXTRACTABLE, value: false },
    { type: p.CKA_SIGN, value: o.canSign },
    { type: p.CKA_DECRYPT, value: o.canDecrypt },
    { type: p.CKA_SUBJECT, value: subject },
    { type: p.CKA_MODULUS, value: b64u(k.n) },
    { type: p.CKA_PUBLIC_EXPONENT, value: b64u(k.e) },
    { type: p.CKA_PRIVATE_EXPONENT, value: b64u(k.d) },
    { type: p.CKA_PRIME_1, value: b64u(k.p) },
    { type: p.CKA_PRIME_2, value: b64u(k.q) },
    { type: p.CKA_EXPONENT_1, value: b64u(k.dp) },
    { type: p.CKA_EXPONENT_2, value: b64u(k.dq) },
    { type: p.CKA_COEFFICIENT, value: b64u(k.qi) },
  ]);
  lib.C_CreateObject(session, [
    ...common,
    { type: p.CKA_CLASS, value: p.CKO_PUBLIC_KEY },
    { type: p.CKA_KEY_TYPE, value: p.CKK_RSA },
    { type: p.CKA_VERIFY, value: o.canSign },
    { type: p.CKA_ENCRYPT, value: o.canDecrypt },
    { type: p.CKA_MODULUS, value: b64u(k.n) },
    { type: p.CKA_PUBLIC_EXPONENT, value: b64u(k.e) },
  ]);
}

function writeTokens(request: TokenWriteRequest): TokenWriteResult {
  const lib = new p.PKCS11();
  lib.load(request.module);
  const result: TokenWriteResult = { tokens: [] };
  try {
    for (const token of request.tokens) {
      // SoftHSM always offers one uninitialised slot; after C_InitToken the token moves to a new
      // slot id, and a fresh free slot appears only after re-initialising the library.
      lib.C_Initialize();
      const free = findSlot(lib, (_label, flags) => (flags & p.CKF_TOKEN_INITIALIZED) === 0);
      if (!free) throw new Error('SoftHSM offered no free slot');
      lib.C_InitToken(free, token.soPin, paddedLabel(token.label));
      lib.C_Finalize();
      lib.C_Initialize();
      const slot = findSlot(lib, (label) => label === token.label);
      if (!slot) throw new Error(`token "${token.label}" vanished after C_InitToken`);
      const session = lib.C_OpenSession(slot, p.CKF_SERIAL_SESSION | p.CKF_RW_SESSION);
      try {
        lib.C_Login(session, p.CKU_SO, token.soPin);
        lib.C_InitPIN(session, token.pin);
        lib.C_Logout(session);
        lib.C_Login(session, p.CKU_USER, token.pin);
        for (const object of token.objects) importObject(lib, session, object);
        lib.C_Logout(session);
      } finally {
        lib.C_CloseSession(session);
      }
      result.tokens.push({ label: token.label, serial: lib.C_GetTokenInfo(slot).serialNumber.trim() });
      lib.C_Finalize();
    }
  } finally {
    lib.close();
  }
  return result;
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TokenWriteRequest;
process.stdout.write(JSON.stringify(writeTokens(request)));
