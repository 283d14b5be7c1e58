// Worker side: reads what a card shows without a PIN (certificates), in a short read-only session.
import { Buffer } from 'node:buffer';
import { pkcs11js, type Handle, type Pkcs11, type Template } from './pkcs11-lib.ts';
import { classifyCertificates, type TokenCertificate } from './classify-certificates.ts';
import { pinStateFromFlags } from './pin-state.ts';
import type { ScannedCard } from '../common/module-protocol.ts';

const p = pkcs11js;

export function findObjects(lib: Pkcs11, session: Handle, template: Template): Handle[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const found: Handle[] = [];
    for (let batch = lib.C_FindObjects(session, 32); batch.length > 0; batch = lib.C_FindObjects(session, 32))
      found.push(...batch);
    return found;
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function readCertificates(lib: Pkcs11, slot: Handle): TokenCertificate[] {
  const session = lib.C_OpenSession(slot, p.CKF_SERIAL_SESSION);
  try {
    return findObjects(lib, session, [{ type: p.CKA_CLASS, value: p.CKO_CERTIFICATE }]).map((handle) => {
      const [value, id] = lib.C_GetAttributeValue(session, handle, [{ type: p.CKA_VALUE }, { type: p.CKA_ID }]);
      return { ckaId: Buffer.from(id?.value ?? []).toString('hex'), der: new Uint8Array(value?.value ?? []) };
    });
  } finally {
    lib.C_CloseSession(session);
  }
}

export interface TokenBasics {
  readonly slotId: string;
  readonly serial: string;
  readonly label: string;
  readonly flags: number;
}

/** Reads and classifies one token. Certificates that do not parse are skipped, not fatal. */
export function readToken(lib: Pkcs11, slot: Handle, token: TokenBasics, now: Date): ScannedCard {
  const certificates = readCertificates(lib, slot).filter((c) => c.der.length > 0);
  const classified = classifyCertificates(certificates, now);
  return {
    slotId: token.slotId,
    tokenSerial: token.serial,
    tokenLabel: token.label,
    info: classified.info,
    pin: pinStateFromFlags(token.flags),
    ...(classified.auth ? { authCkaId: classified.auth.ckaId, authCertificateDer: classified.auth.der } : {}),
  };
}
