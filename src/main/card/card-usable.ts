// Refuses, before any PIN is sent to a card, an operation the card cannot do well: an expired or
// not-yet-valid certificate, no authentication certificate, a locked PIN, a PIN pad reader.
// A card from an unknown issuer may still sign: the relying party decides whether to trust it.
import type { CardInfo } from '../../shared/card-types.ts';
import { cardError } from './common/card-error.ts';
import type { ScannedCard } from './common/module-protocol.ts';

export function checkCardUsable(
  info: CardInfo,
  scanned: ScannedCard,
): { authCkaId: string; authCertificateDer: Uint8Array } {
  if (info.state === 'expired') throw cardError('card-certificate-expired');
  if (info.state === 'not-yet-valid') throw cardError('card-certificate-not-yet-valid');
  if (info.pin === 'locked') throw cardError('card-pin-locked');
  if (info.pin === 'pin-pad-unsupported') throw cardError('card-pin-pad-unsupported');
  if (!scanned.authCkaId || !scanned.authCertificateDer) throw cardError('card-no-auth-certificate');
  return { authCkaId: scanned.authCkaId, authCertificateDer: scanned.authCertificateDer };
}
