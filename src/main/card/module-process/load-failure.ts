// Words for the diagnostics report when a module does not load. Never shown as UI text (that
// comes from the card error table) and never containing secrets: only paths and CKR names.
import { ckrName } from './map-pkcs11-error.ts';

export function describeLoadFailure(error: unknown): string {
  const ckr = ckrName(error);
  if (ckr) return ckr;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  // Windows: a DLL the module depends on is missing
  if (/Win32 error 126/.test(message)) return `${message} (a library the module depends on was not found)`;
  return message || 'unknown error';
}
