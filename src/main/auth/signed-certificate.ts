// Which card signed a login's challenge on the card back channel: the subject serialNumber
// (`UN:NO-9578-<issuer>-<id>`) of the certificate in the Web eID token the app's card authenticator
// made. Node's X509Certificate is enough to read one subject attribute; nothing here is trusted for
// more than comparing with the chosen card (the authority verified the signature and the chain).
import { X509Certificate } from 'node:crypto';

/** undefined: no token was made (the card was never asked); '' when the token's certificate names none */
export function signedSerialNumber(token: unknown): string | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed: unknown = typeof token === 'string' ? JSON.parse(token) : token;
    const der = (parsed as { unverifiedCertificate?: unknown } | null)?.unverifiedCertificate;
    if (typeof der !== 'string') return '';
    const subject = new X509Certificate(Buffer.from(der, 'base64')).subject;
    const line = subject.split('\n').find((l) => l.startsWith('serialNumber='));
    return line?.slice('serialNumber='.length) ?? '';
  } catch {
    return '';
  }
}
