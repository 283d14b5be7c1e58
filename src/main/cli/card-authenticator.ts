// Answers the authority's card challenge with the chosen card: asks for the PIN (terminal without
// echo, or stdin), has the card sign, and zeroes the PIN. On the terminal a wrong PIN may be typed
// again (the card's own counter decides when it blocks); from stdin there is no second line to try.
import { isAppError } from '../../shared/errors/app-error.ts';
import { CARD_PIN_RETRY_CODES } from '../../shared/errors/card-errors.ts';
import type { Language } from '../../shared/errors/error-texts.ts';
import type { CardAuthenticator } from '../auth/card-back-channel.ts';
import type { CardService } from '../card/card-service.ts';
import type { CliIo } from './context.ts';
import { failureLines } from './failure.ts';
import { readPinFromStream, readPinFromTerminal } from './pin-input.ts';

const MAX_TERMINAL_ATTEMPTS = 3;

export function cliCardAuthenticator(o: {
  cards: CardService;
  cardId: string;
  holder: string;
  pinFromStdin: boolean;
  io: CliIo;
  language: Language;
  note: (line: string) => void;
}): CardAuthenticator {
  const question = o.language === 'nb' ? `PIN-kode for ${o.holder}: ` : `PIN for ${o.holder}: `;
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const pin = o.pinFromStdin
        ? await readPinFromStream(o.io.stdin)
        : await readPinFromTerminal(o.io.stdin, o.io.stderr, question);
      try {
        return await o.cards.createWebEidAuthToken(o.cardId, pin, {
          challenge: request.challenge,
          origin: request.origin,
        });
      } catch (err) {
        const retry =
          !o.pinFromStdin &&
          attempt < MAX_TERMINAL_ATTEMPTS &&
          isAppError(err) &&
          (CARD_PIN_RETRY_CODES as readonly string[]).includes(err.code);
        if (!retry) throw err;
        o.note(failureLines(err, o.language)[0]!);
      } finally {
        pin.fill(0); // the card service zeroes it too; this covers a failure before it got there
      }
    }
  };
}
